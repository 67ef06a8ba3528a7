import { testDatabase, type TestDatabase } from '@rewind/testing';
import { Generations } from './generations';

describe('projection generations', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await testDatabase('generations-it');
  });
  afterEach(() => database.dispose());

  it('start at generation 1, build the next beside it, and flip only when told', async () => {
    const generations = new Generations(database.db);
    expect(await generations.liveCollection('orders')).toBe('orders_g1');

    expect(await generations.beginRebuild('orders')).toBe(2);
    expect(await generations.beginRebuild('orders')).toBe(2); // a resumed rebuild keeps its generation
    expect(await generations.liveCollection('orders')).toBe('orders_g1');

    expect(await generations.flip('orders', 2, new Date('2026-11-27T10:00:00Z'))).toBe(1);
    expect(await generations.pointer('orders')).toEqual({ _id: 'orders', live: 2, flippedAt: '2026-11-27T10:00:00.000Z' });
    expect(await generations.liveCollection('orders')).toBe('orders_g2');
  });

  it('agree on generation 1 when several instances start a projection at once', async () => {
    const pointers = await Promise.all([1, 2, 3].map(() => new Generations(database.db).pointer('payments')));
    expect(pointers).toEqual([1, 2, 3].map(() => ({ _id: 'payments', live: 1 })));
  });
});
