import { lagOfHeld } from './consumer-lag';

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
