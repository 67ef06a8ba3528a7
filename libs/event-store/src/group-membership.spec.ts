import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { watchGroupMembership, type GroupLoss } from './group-membership';

/** The two events the watch listens to, emitted by hand. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' } as Consumer['events'];
  const on = ((event: string, listener: (payload: unknown) => void) => {
    emitter.on(event, listener);
    return () => emitter.off(event, listener);
  }) as Consumer['on'];
  return {
    consumer: { on, events },
    crash: (restart: boolean) => emitter.emit(events.CRASH, { payload: { error: new Error('Connection timeout'), groupId: 'g', restart } }),
    join: () => emitter.emit(events.GROUP_JOIN, { payload: {} }),
    listeners: () => emitter.listenerCount(events.CRASH) + emitter.listenerCount(events.GROUP_JOIN),
  };
}

describe('watching a consumer’s membership of its group', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('counts a consumer lost when it has not rejoined within the limit after a restart', () => {
    const fake = fakeConsumer();
    const losses: GroupLoss[] = [];
    watchGroupMembership(fake.consumer, 'orders.command-processor', (loss) => losses.push(loss), 60_000);
    fake.crash(true);
    jest.advanceTimersByTime(59_999);
    fake.crash(true); // crashing again does not start the clock over
    expect(losses).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(losses).toEqual([{ groupId: 'orders.command-processor', reason: 'the consumer crashed (Connection timeout) and has not rejoined its group within 60000 ms' }]);
    jest.advanceTimersByTime(120_000);
    expect(losses).toHaveLength(1);
  });

  it('lets a consumer that rejoins in time go on, and starts the clock again at its next crash', () => {
    const fake = fakeConsumer();
    const losses: GroupLoss[] = [];
    watchGroupMembership(fake.consumer, 'g', (loss) => losses.push(loss), 1_000);
    fake.crash(true);
    jest.advanceTimersByTime(900);
    fake.join();
    jest.advanceTimersByTime(5_000);
    expect(losses).toEqual([]);
    fake.crash(true);
    jest.advanceTimersByTime(1_000);
    expect(losses).toHaveLength(1);
  });

  it('counts a consumer lost at once when kafkajs does not restart it', () => {
    const fake = fakeConsumer();
    const losses: GroupLoss[] = [];
    watchGroupMembership(fake.consumer, 'g', (loss) => losses.push(loss));
    fake.crash(false);
    expect(losses).toEqual([{ groupId: 'g', reason: 'the consumer crashed and was not restarted: Connection timeout' }]);
  });

  it('stops watching when asked, before a stop', () => {
    const fake = fakeConsumer();
    const losses: GroupLoss[] = [];
    const stopWatching = watchGroupMembership(fake.consumer, 'g', (loss) => losses.push(loss), 1_000);
    fake.crash(true);
    stopWatching();
    jest.advanceTimersByTime(5_000);
    expect(losses).toEqual([]);
    expect(fake.listeners()).toBe(0);
  });
});
