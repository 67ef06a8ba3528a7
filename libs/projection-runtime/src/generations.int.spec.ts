import { testDatabase, type TestDatabase } from '@rewind/testing';
import { dueForDrop, Generations, POINTERS_COLLECTION } from './generations';
import type { PartitionExtent } from './offsets';

describe('projection generations', () => {
  let database: TestDatabase;
  const target: PartitionExtent[] = [{ topic: 'orders.events', partition: 0, start: 0, end: 10 }];
  const at = (time: string) => new Date(`2026-11-27T${time}Z`);

  beforeEach(async () => {
    database = await testDatabase('generations-it');
  });
  afterEach(() => database.dispose());

  it('start at generation 1, build the next beside it, and flip only when told', async () => {
    const generations = new Generations(database.db);
    expect(await generations.liveCollection('orders')).toBe('orders_g1');
    expect((await generations.requestRebuild('orders', target, at('10:00:00'))).generation).toBe(2);
    // asking again resumes the same rebuild, with its first finish line
    expect(await generations.requestRebuild('orders', [], at('10:00:05'))).toEqual({ generation: 2, state: 'rebuilding', requestedAt: '2026-11-27T10:00:00.000Z', target });
    expect(await generations.liveCollection('orders')).toBe('orders_g1');

    expect(await generations.flip('orders', 2, at('10:01:00'), 60_000)).toBe(true);
    expect(await generations.flip('orders', 2, at('10:01:00'), 60_000)).toBe(false); // once only
    expect(await generations.pointer('orders')).toEqual({
      _id: 'orders',
      live: 2,
      lastGeneration: 2,
      flippedAt: '2026-11-27T10:01:00.000Z',
      retired: [{ generation: 1, dropAfter: '2026-11-27T10:02:00.000Z' }],
    });
    expect(await generations.liveCollection('orders')).toBe('orders_g2');
  });

  it('drop a retired generation only after its grace period', async () => {
    const generations = new Generations(database.db);
    await generations.requestRebuild('orders', target, at('10:00:00'));
    await generations.flip('orders', 2, at('10:01:00'), 60_000);
    expect(dueForDrop(await generations.pointer('orders'), at('10:01:59'))).toEqual([]);
    expect(dueForDrop(await generations.pointer('orders'), at('10:02:00'))).toEqual([1]);
    await generations.forgetRetired('orders', 1);
    expect((await generations.pointer('orders')).retired).toEqual([]);
    // the next rebuild goes past every generation ever used
    expect((await generations.requestRebuild('orders', target, at('11:00:00'))).generation).toBe(3);
  });

  it('set a failed rebuild going again, keeping its generation, finish line and progress', async () => {
    const generations = new Generations(database.db);
    await generations.requestRebuild('payments', target, at('10:00:00'), 500);
    const progress = { done: 4, total: 10, ratePerSecond: 2, etaSeconds: 3, updatedAt: '2026-11-27T10:00:02.000Z' };
    await generations.recordProgress('payments', 2, progress);
    await generations.recordFailure('payments', 2, 'the database refused the write');
    expect((await generations.pointer('payments')).rebuild).toMatchObject({ state: 'failed', error: 'the database refused the write' });
    expect(await generations.requestRebuild('payments', [], at('10:05:00'))).toEqual({ generation: 2, state: 'rebuilding', requestedAt: '2026-11-27T10:00:00.000Z', target, maxRecordsPerSecond: 500 });
    expect((await generations.pointer('payments')).rebuild).not.toHaveProperty('error');
    expect(await generations.progress('payments', 2)).toEqual(progress);
  });

  it('never drop the live generation, and never reuse a generation number, even after a flip back by hand', async () => {
    const generations = new Generations(database.db);
    await generations.requestRebuild('orders', target, at('10:00:00'));
    await generations.flip('orders', 2, at('10:01:00'), 0);
    // an operator points queries back at generation 1 and leaves the list as it was
    await database.db.collection(POINTERS_COLLECTION).updateOne({ _id: 'orders' as never }, { $set: { live: 1 } });
    expect(dueForDrop(await generations.pointer('orders'), at('11:00:00'))).toEqual([]);
    expect((await generations.requestRebuild('orders', target, at('11:00:00'))).generation).toBe(3);
  });

  it('abandon a recorded rebuild: its generation retires at once and the next request starts a new one', async () => {
    const generations = new Generations(database.db);
    await generations.requestRebuild('orders', target, at('10:00:00'));
    expect(await generations.abandonRebuild('orders', at('10:05:00'), 0)).toBe(2);
    expect(await generations.abandonRebuild('orders', at('10:05:00'), 0)).toBeUndefined();
    expect(await generations.pointer('orders')).toMatchObject({ live: 1, retired: [{ generation: 2, dropAfter: '2026-11-27T10:05:00.000Z' }] });
    expect(dueForDrop(await generations.pointer('orders'), at('10:05:00'))).toEqual([2]);
    expect((await generations.requestRebuild('orders', target, at('10:06:00'))).generation).toBe(3);
  });

  it('answer a request retried under its id with its own rebuild: resumed while it runs, found once it ended, never a new one', async () => {
    const generations = new Generations(database.db);
    const job = await generations.requestRebuildOnce('orders', 'job-1', target, at('10:00:00'));
    expect(job).toEqual({ kind: 'recorded', rebuild: { generation: 2, state: 'rebuilding', requestedAt: '2026-11-27T10:00:00.000Z', target, requests: ['job-1'] } });
    // a second request joins the rebuild under way; the first, retried, resumes it
    expect(await generations.requestRebuildOnce('orders', 'job-2', [], at('10:00:30'))).toMatchObject({ kind: 'recorded', rebuild: { generation: 2, requests: ['job-1', 'job-2'] } });
    expect(await generations.requestRebuildOnce('orders', 'job-1', [], at('10:00:40'))).toMatchObject({ kind: 'recorded', rebuild: { generation: 2, requests: ['job-1', 'job-2'] } });
    await generations.flip('orders', 2, at('10:01:00'), 60_000);
    for (const id of ['job-1', 'job-2']) {
      expect(await generations.requestRebuildOnce('orders', id, target, at('10:02:00'))).toEqual({
        kind: 'finished',
        finished: { generation: 2, requests: ['job-1', 'job-2'], outcome: 'flipped', at: '2026-11-27T10:01:00.000Z' },
      });
    }
    expect(await generations.pointer('orders')).toMatchObject({ live: 2, lastGeneration: 2 });
    expect((await generations.pointer('orders')).rebuild).toBeUndefined();

    // given up (--fresh) under another id: the retried request finds that, and starts nothing
    await generations.requestRebuildOnce('orders', 'job-3', target, at('11:00:00'));
    await generations.abandonRebuild('orders', at('11:01:00'), 0);
    expect(await generations.requestRebuildOnce('orders', 'job-3', target, at('11:02:00'))).toEqual({
      kind: 'finished',
      finished: { generation: 3, requests: ['job-3'], outcome: 'abandoned', at: '2026-11-27T11:01:00.000Z' },
    });
    expect((await generations.pointer('orders')).lastGeneration).toBe(3);
  });

  it('agree on generation 1 when several instances start a projection at once', async () => {
    const pointers = await Promise.all([1, 2, 3].map(() => new Generations(database.db).pointer('payments')));
    expect(pointers).toEqual([1, 2, 3].map(() => ({ _id: 'payments', live: 1 })));
  });

  it('record one rebuild when two processes ask at once', async () => {
    const asked = await Promise.all([1, 2].map(() => new Generations(database.db).requestRebuild('shipments', target, at('10:00:00'))));
    expect(asked.map((rebuild) => rebuild.generation)).toEqual([2, 2]);
  });
});
