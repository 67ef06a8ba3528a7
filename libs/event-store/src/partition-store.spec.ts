import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandOutcome } from './outcome';
import { CURSOR_START, PartitionStore, type StoreCheckpoint } from './partition-store';

type State = { readonly total: number };
const initial: State = { total: 0 };
const accepted = (commandId: string, aggregateId = 'a', version = 1): CommandOutcome => ({ status: 'accepted', commandId, aggregateId, version });
const checkpoint = (events: string): StoreCheckpoint => ({ events, outcomes: events, stateSchema: 1, eventsTopic: 'x.events', clusterId: 'c1' });

describe('the partition store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'partition-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps aggregates, outcomes and the checkpoint across a reopen, as one write left them', () => {
    const file = join(dir, 'g', 'p0.sqlite');
    const store = PartitionStore.open<State>(file);
    store.write({
      aggregates: [['a', { version: 2, state: { total: 5 } }], ['b', { version: 1, state: { total: 1 }, unreadable: 'x.events[0]@3: gap' }]],
      outcomes: [{ aggregateId: 'a', commandId: 'c1', outcome: accepted('c1'), fingerprint: 'f1', at: 100 }],
      changed: true,
      checkpoint: checkpoint('10'),
    });
    store.close();

    const again = PartitionStore.open<State>(file);
    expect(again.checkpoint).toEqual(checkpoint('10'));
    expect(again.read('a', initial)).toEqual({ version: 2, state: { total: 5 }, outcomes: new Map([['c1', { outcome: accepted('c1'), fingerprint: 'f1', at: 100 }]]) });
    expect(again.read('b', initial)).toMatchObject({ version: 1, unreadable: 'x.events[0]@3: gap' });
    expect(again.read('nobody', initial)).toBeUndefined();
    expect(again.counts()).toEqual({ aggregates: 2, outcomes: 1 });
    again.close();
  });

  it("keeps a command id's first outcome, and gives an aggregate's outcomes oldest first", () => {
    const store = PartitionStore.open<State>(join(dir, 'p0.sqlite'));
    store.write({ aggregates: [], outcomes: [{ aggregateId: 'a', commandId: 'c2', outcome: accepted('c2', 'a', 2), at: 200 }], changed: true });
    store.write({
      aggregates: [],
      outcomes: [
        { aggregateId: 'a', commandId: 'c1', outcome: accepted('c1'), at: 100 },
        { aggregateId: 'a', commandId: 'c2', outcome: { status: 'conflict', commandId: 'c2', aggregateId: 'a', expectedVersion: 0, actualVersion: 1 }, at: 300 },
      ],
      changed: true,
    });
    const known = store.read('a', initial);
    expect([...(known?.outcomes ?? [])].map(([id, { outcome, at }]) => [id, outcome.status, at])).toEqual([
      ['c1', 'accepted', 100],
      ['c2', 'accepted', 200],
    ]);
    // outcomes without a row: the aggregate as it begins
    expect(known).toMatchObject({ version: 0, state: initial });
    store.close();
  });

  it('walks the aggregates changed since a sequence number a chunk at a time, in the order of their last change, not those a snapshot gave', () => {
    const store = PartitionStore.open<State>(join(dir, 'p0.sqlite'));
    store.write({ aggregates: [['s1', { version: 1, state: initial }]], outcomes: [], changed: false });
    store.write({ aggregates: [['c', { version: 1, state: initial }], ['a', { version: 1, state: initial }]], outcomes: [], changed: true });
    const afterFirst = store.seq;
    store.write({ aggregates: [['b', { version: 1, state: initial }]], outcomes: [], changed: true });
    const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);
    expect(ids(store.changedAfter(0, CURSOR_START, 10))).toEqual(['a', 'c', 'b']);
    const chunk = store.changedAfter(0, CURSOR_START, 2);
    expect(ids(chunk)).toEqual(['a', 'c']);
    // 'a' changed again while the walk is under way: it moves behind the cursor and is met again
    store.write({ aggregates: [['a', { version: 2, state: { total: 2 } }]], outcomes: [], changed: true });
    expect(ids(store.changedAfter(0, chunk[1]!, 10))).toEqual(['b', 'a']);
    expect(ids(store.changedAfter(afterFirst, CURSOR_START, 10))).toEqual(['b', 'a']);
    store.write({ aggregates: [], outcomes: [], changed: true, snapshotSeq: afterFirst });
    expect(store.snapshotSeq).toBe(afterFirst);
    store.close();
  });

  it('forgets the outcomes decided before a time, and marks their aggregates for the next snapshot', () => {
    const store = PartitionStore.open<State>(join(dir, 'p0.sqlite'));
    store.write({
      aggregates: [['a', { version: 1, state: initial }], ['b', { version: 1, state: initial }]],
      outcomes: [
        { aggregateId: 'a', commandId: 'old', outcome: accepted('old'), at: 100 },
        { aggregateId: 'b', commandId: 'new', outcome: accepted('new', 'b'), at: 500 },
      ],
      changed: false,
    });
    expect(store.forgetOutcomesBefore(300)).toBe(1);
    expect(store.read('a', initial)?.outcomes.size).toBe(0);
    expect(store.read('b', initial)?.outcomes.size).toBe(1);
    expect(store.changedAfter(0, CURSOR_START, 10).map((row) => row.id)).toEqual(['a']);
    store.close();
  });

  it('empties itself, checkpoint and all', () => {
    const store = PartitionStore.open<State>(join(dir, 'p0.sqlite'));
    store.write({ aggregates: [['a', { version: 1, state: initial }]], outcomes: [], changed: true, checkpoint: checkpoint('3') });
    store.clear();
    expect(store.checkpoint).toBeUndefined();
    expect(store.seq).toBe(0);
    expect(store.counts()).toEqual({ aggregates: 0, outcomes: 0 });
    store.close();
  });

  it('begins afresh on a file SQLite cannot read: it only ever held a cache of the log', () => {
    const file = join(dir, 'p0.sqlite');
    writeFileSync(file, 'not a database, whatever the name says'.repeat(200));
    const logged: string[] = [];
    const store = PartitionStore.open<State>(file, (message) => logged.push(message));
    expect(store.checkpoint).toBeUndefined();
    expect(logged).toEqual(['partition store unreadable; starting it afresh']);
    store.close();
  });

  it('rolls a failed write back whole', () => {
    const store = PartitionStore.open<State>(join(dir, 'p0.sqlite'));
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() =>
      store.write({ aggregates: [['a', { version: 1, state: initial }], ['b', { version: 1, state: cyclic as unknown as State }]], outcomes: [], changed: true, checkpoint: checkpoint('9') }),
    ).toThrow();
    expect(store.read('a', initial)).toBeUndefined();
    expect(store.checkpoint).toBeUndefined();
    store.close();
  });
});
