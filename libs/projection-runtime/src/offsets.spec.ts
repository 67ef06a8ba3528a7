import { caughtUp, countDone, lagOf, nextProgress, type PartitionExtent } from './offsets';

const target: PartitionExtent[] = [
  { topic: 'orders.events', partition: 0, start: 0, end: 100 },
  { topic: 'orders.events', partition: 1, start: 40, end: 60 }, // retention has removed its first 40 records
  { topic: 'payments.events', partition: 0, start: 0, end: 0 }, // empty
];
const committed = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('rebuild progress', () => {
  it('counts records from each partition start up to the finish line', () => {
    expect(countDone(target, committed({}))).toEqual({ done: 0, total: 120 });
    expect(countDone(target, committed({ 'orders.events/0': 30, 'orders.events/1': 50 }))).toEqual({ done: 40, total: 120 });
  });

  it('does not count past the finish line: records written since the rebuild began are not in its total', () => {
    expect(countDone(target, committed({ 'orders.events/0': 250, 'orders.events/1': 60 }))).toEqual({ done: 120, total: 120 });
  });

  it('is caught up only when every partition has reached its end', () => {
    expect(caughtUp(target, committed({ 'orders.events/0': 100 }))).toBe(false);
    expect(caughtUp(target, committed({ 'orders.events/0': 100, 'orders.events/1': 60 }))).toBe(true);
  });

  it('smooths the rate and derives the time left from it', () => {
    const first = nextProgress(undefined, { done: 0, total: 1000 }, new Date('2026-11-27T10:00:00Z'));
    expect(first).toEqual({ done: 0, total: 1000, ratePerSecond: 0, updatedAt: '2026-11-27T10:00:00.000Z' });
    const second = nextProgress(first, { done: 200, total: 1000 }, new Date('2026-11-27T10:00:02Z'));
    expect(second).toEqual({ done: 200, total: 1000, ratePerSecond: 100, etaSeconds: 8, updatedAt: '2026-11-27T10:00:02.000Z' });
    const third = nextProgress(second, { done: 800, total: 1000 }, new Date('2026-11-27T10:00:04Z'));
    expect(third).toMatchObject({ ratePerSecond: 200, etaSeconds: 1 });
    expect(nextProgress(third, { done: 1000, total: 1000 }, new Date('2026-11-27T10:00:05Z'))).toMatchObject({ etaSeconds: 0 });
  });
});

describe('lag', () => {
  it('is what the group has not committed yet; a group that committed nothing starts at the log start', () => {
    expect(lagOf(target, committed({ 'orders.events/0': 97 }))).toEqual([
      { topic: 'orders.events', partition: 0, position: 97, end: 100, lag: 3 },
      { topic: 'orders.events', partition: 1, position: 40, end: 60, lag: 20 },
      { topic: 'payments.events', partition: 0, position: 0, end: 0, lag: 0 },
    ]);
  });
});
