import type { Admin, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { ConsumerAssignments, lagOfHeld, registerConsumerLag } from './consumer-lag';

describe('the lag of the partitions a process holds', () => {
  const held = new Map([
    ['orders.events', [0, 2]],
    ['payments.events', [1]],
  ]);

  it('is each partition’s end minus its group’s committed offset', () => {
    const committed = new Map([
      ['orders.events/0', 10],
      ['orders.events/2', 7],
      ['payments.events/1', 3],
    ]);
    const ends = new Map([
      ['orders.events/0', 12],
      ['orders.events/1', 99],
      ['orders.events/2', 7],
      ['payments.events/1', 5],
    ]);
    expect(lagOfHeld('g', held, committed, ends)).toEqual([
      { group: 'g', topic: 'orders.events', partition: 0, lag: 2 },
      { group: 'g', topic: 'orders.events', partition: 2, lag: 0 },
      { group: 'g', topic: 'payments.events', partition: 1, lag: 2 },
    ]);
  });

  it('leaves out a partition the group never committed to, and one whose end is unknown', () => {
    const ends = new Map([
      ['orders.events/0', 12],
      ['orders.events/2', 7],
    ]);
    expect(lagOfHeld('g', held, new Map([['orders.events/0', -1], ['orders.events/2', 5], ['payments.events/1', 1]]), ends)).toEqual([
      { group: 'g', topic: 'orders.events', partition: 2, lag: 2 },
    ]);
  });
});

describe('the consumers a process follows', () => {
  /** A Kafka whose consumers only record their event handlers, for the test to fire them. */
  function followed() {
    const handlers = new Map<string, (event: unknown) => void>();
    const events = { GROUP_JOIN: 'join', REBALANCING: 'rebalancing', STOP: 'stop', DISCONNECT: 'disconnect', CRASH: 'crash' };
    const kafka = { consumer: () => ({ events, on: (event: string, handler: (event: unknown) => void) => handlers.set(event, handler) }) } as unknown as Kafka;
    const assignments = new ConsumerAssignments();
    assignments.following(kafka).consumer({ groupId: 'orders.reactions' });
    const fire = (event: string, payload?: unknown) => handlers.get(event)?.({ payload });
    return { assignments, fire };
  }

  it('hold what their group gave them at its last join, and nothing while it rebalances or once they stop', () => {
    const { assignments, fire } = followed();
    expect(assignments.groups().size).toBe(0);
    fire('join', { memberAssignment: { 'payments.events': [0, 2] } });
    expect(assignments.groups()).toEqual(new Map([['orders.reactions', new Map([['payments.events', [0, 2]]])]]));
    fire('rebalancing');
    expect(assignments.groups().size).toBe(0);
    fire('join', { memberAssignment: { 'payments.events': [1] } });
    expect(assignments.groups().get('orders.reactions')).toEqual(new Map([['payments.events', [1]]]));
    fire('stop');
    expect(assignments.groups().size).toBe(0);
  });

  it('are measured at each scrape, and a scrape that Kafka does not answer in time goes out without the lag, saying so', async () => {
    const { assignments, fire } = followed();
    fire('join', { memberAssignment: { 'payments.events': [0] } });
    const scrape = async (admin: Partial<Admin>) => {
      const registry = new Registry();
      registerConsumerLag(registry, admin as Admin, assignments, 200);
      return (await registry.metrics()).split('\n').filter((line) => line.startsWith('rewind_'));
    };
    const answering = {
      fetchTopicOffsets: async () => [{ partition: 0, offset: '9', high: '9', low: '0' }],
      fetchOffsets: async () => [{ topic: 'payments.events', partitions: [{ partition: 0, offset: '6', metadata: null }] }],
    };
    expect(await scrape(answering)).toEqual(['rewind_consumer_lag_unmeasured 0', 'rewind_consumer_lag{group="orders.reactions",topic="payments.events",partition="0"} 3']);
    expect(await scrape({ ...answering, fetchTopicOffsets: () => new Promise(() => undefined) })).toEqual(['rewind_consumer_lag_unmeasured 1']);
  });
});
