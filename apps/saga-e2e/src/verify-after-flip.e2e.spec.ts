import { generationCollection, type GenerationComparison, type ProjectionStatus } from '@rewind/projection-runtime';
import { eventually, http, type Saga, startSaga, testServers } from '@rewind/testing';
import { MongoClient, type Db } from 'mongodb';
import { runLoad } from './load';
import { ProjectionsCli } from './projections-cli';

const MINUTES = 60_000;

// After a flip the replaced generation is no longer fed, while the live one folds what arrives:
// verify must compare the two at the same log positions, or every order touched since shows as a
// difference. The tests build on each other, on one stack.
describe('verify right after a flip, while orders flow', () => {
  let saga: Saga;
  let mongo: MongoClient;
  let db: Db;
  let placedBeforeTheFlip: string[] = [];

  beforeAll(async () => {
    saga = await startSaga();
    mongo = await MongoClient.connect(testServers().mongoUri);
    db = mongo.db(saga.database);
    placedBeforeTheFlip = await runLoad(saga, 28, 7);
  }, 5 * MINUTES);
  afterAll(async () => {
    await ProjectionsCli.killAll();
    await saga?.stop();
    await mongo?.close();
  });

  const status = async () => (await http<ProjectionStatus>(saga.query.url('/projections/orders'))).body;
  const verifyThroughTheApi = () => http<GenerationComparison>(saga.query.url('/projections/orders/verify'), { method: 'POST', headers: { authorization: `Bearer ${saga.adminToken}` } });

  it(
    'finds no difference in what arrived after the flip, through the CLI and the API, while more arrives',
    async () => {
      const rebuilt = await ProjectionsCli.run(saga, ['rebuild', 'orders']);
      expect({ code: rebuilt.code, printed: rebuilt.printed }).toEqual({ code: 0, printed: expect.stringContaining('flipped: orders now reads generation 2') });

      // orders keep coming; once seven more are through, verify runs while the others go on
      let cli: { code: number | null; printed: string } | undefined;
      let api: Awaited<ReturnType<typeof verifyThroughTheApi>> | undefined;
      await runLoad(saga, 21, 3, async (done) => {
        if (done !== 7) return;
        cli = await ProjectionsCli.run(saga, ['verify', 'orders']);
        api = await verifyThroughTheApi();
      });
      // before, generation 1 was compared as it stood at the flip: the orders since were differences
      expect({ code: cli?.code, printed: cli?.printed }).toEqual({ code: 0, printed: expect.stringMatching(/generation 1 folded forward by \d+ records[\s\S]*no differences/) });
      expect({ status: api?.status, differences: api?.body.differences, onlyIn: api?.body.onlyIn, different: api?.body.different, alignment: api?.body.alignment }).toEqual({
        status: 200,
        differences: 0,
        onlyIn: [[], []],
        different: [],
        alignment: { aligned: true, foldedForward: [{ generation: 1, records: expect.any(Number) }] },
      });
    },
    10 * MINUTES,
  );

  it(
    'still names a document that really differs',
    async () => {
      await eventually(status, (current) => current.lag.records === 0, 2 * MINUTES);
      // an order at its end before the flip, which no event will touch again, damaged in the live generation
      const damaged = placedBeforeTheFlip[0] ?? '';
      await db.collection<{ _id: string }>(generationCollection('orders', 2)).updateOne({ _id: damaged }, { $set: { 'model.status': 'garbled' } });
      const cli = await ProjectionsCli.run(saga, ['verify', 'orders']);
      expect({ code: cli.code, printed: cli.printed }).toEqual({ code: 1, printed: expect.stringContaining(`differs: ${damaged} at model.status`) });
      const api = await verifyThroughTheApi();
      expect({ status: api.status, differences: api.body.differences, different: api.body.different }).toEqual({ status: 200, differences: 1, different: [{ id: damaged, path: 'model.status' }] });
    },
    5 * MINUTES,
  );
});
