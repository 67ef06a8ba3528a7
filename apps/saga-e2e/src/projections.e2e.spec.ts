import { firstDifference, type ProjectionStatus } from '@rewind/projection-runtime';
import { eventually, http, type Saga, startSaga, testKafka, testServers, uniqueName } from '@rewind/testing';
import type { Admin, Kafka } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from './load';
import { ProjectionsCli } from './projections-cli';
import { foldEventLogs, PROJECTIONS, readEventLogs, sagaGroups, settled, storedModels, type ExpectedReadModels, type ProjectionName } from './read-models';

// A few thousand orders, every saga path: enough for batches, rebalances and rebuilds that take a while.
const ORDERS = 2_000;
const CONCURRENCY = 48;
const MINUTES = 60_000;

// The tests build on each other — the load's read models are what the rebuilds rebuild — so they
// share one stack and run in order.
describe('read models under load, crashes and rebuilds', () => {
  let saga: Saga;
  let kafka: Kafka;
  let admin: Admin;
  let mongo: MongoClient;
  let db: Db;
  let expected: ExpectedReadModels;
  const live: Record<ProjectionName, number> = { orders: 1, order_timeline: 1, payments: 1, shipments: 1 };

  beforeAll(async () => {
    saga = await startSaga();
    kafka = testKafka(uniqueName('projections-e2e'));
    admin = kafka.admin();
    await admin.connect();
    mongo = await MongoClient.connect(testServers().mongoUri);
    db = mongo.db(saga.database);
  });
  afterAll(async () => {
    await ProjectionsCli.killAll();
    await saga?.stop();
    await admin?.disconnect();
    await mongo?.close();
  });

  const status = async (projection: ProjectionName) => (await http<ProjectionStatus>(saga.query.url(`/projections/${projection}`))).body;
  const expectReadModelsEqualTheFold = async () => {
    for (const projection of PROJECTIONS) {
      expect({ projection, models: await storedModels(db, projection, live[projection]) }).toEqual({ projection, models: expected[projection] });
    }
  };
  const everyTopic = () => ['orders', 'payments', 'shipments'].flatMap((service) => ['events', 'commands', 'outcomes', 'snapshots'].map((kind) => `${saga.namespace}${service}.${kind}`));
  const topicEnds = async () => Object.fromEntries(await Promise.all(everyTopic().map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)));

  it(
    'after a few thousand orders over every saga path, with the projector SIGKILLed three times while behind the log, every read model equals a fold of the raw logs',
    async () => {
      const killAt = [0.25, 0.5, 0.75].map((share) => Math.floor(share * ORDERS));
      const lagWhenKilled: number[] = [];
      const ids = await runLoad(saga, ORDERS, CONCURRENCY, async (done) => {
        if (!killAt.includes(done)) return;
        // killed while it has records in hand: some projection is behind the log
        const behind = await eventually(
          async () => {
            const answer = await http<ProjectionStatus[]>(saga.query.url('/projections'));
            return answer.status === 200 ? answer.body.reduce((sum, projection) => sum + projection.lag.records, 0) : 0;
          },
          (records) => records > 0,
          30_000,
        );
        lagWhenKilled.push(behind);
        await saga.projector.restart('SIGKILL');
      });
      expect(new Set(ids).size).toBe(ORDERS);
      expect(lagWhenKilled).toHaveLength(3);

      await settled(admin, sagaGroups(saga.namespace, live), 5 * MINUTES);
      expected = foldEventLogs(await readEventLogs(kafka, saga.namespace));
      expect(Object.keys(expected.orders).sort()).toEqual([...ids].sort());
      // every path ended where it should
      const outcomes = new Set(Object.values(expected.orders).map((order) => `${order.status}/${order.payment?.status ?? '-'}/${order.shipment?.status ?? '-'}`));
      expect([...outcomes]).toEqual(
        expect.arrayContaining(['delivered/authorized/delivered', 'cancelled/refunded/failed', 'cancelled/declined/-', 'cancelled/refunded/cancelled', 'confirmed/authorized/scheduled']),
      );
      await expectReadModelsEqualTheFold();

      // and the query API answers from them
      const customer = 'cus_load_7';
      const pages: string[] = [];
      for (let cursor: string | undefined, page = 0; page === 0 || cursor; page++) {
        const answer = await http<{ items: { orderId: string }[]; nextCursor?: string }>(saga.query.url(`/orders?customerId=${customer}&limit=25${cursor ? `&cursor=${cursor}` : ''}`));
        expect(answer.status).toBe(200);
        pages.push(...answer.body.items.map((order) => order.orderId));
        cursor = answer.body.nextCursor;
      }
      expect(pages.sort()).toEqual(Object.values(expected.orders).filter((order) => order.customerId === customer).map((order) => order.orderId).sort());
      for (const id of ids.slice(0, 20)) expect((await http(saga.query.url(`/orders/${id}`))).body).toEqual(expected.orders[id]);
    },
    20 * MINUTES,
  );

  it(
    'rebuilds each projection from offset zero while queries run: no query fails or sees a partial model, verify finds no difference, and nothing is sent',
    async () => {
      const before = await topicEnds();
      const queries = queryLoop(saga, expected);

      // two through the CLI, two through the admin endpoint (the projector runs those)
      for (const projection of ['orders', 'payments'] as const) {
        const rebuilt = await ProjectionsCli.run(saga, ['rebuild', projection]);
        expect({ projection, code: rebuilt.code }).toEqual({ projection, code: 0 });
        expect(rebuilt.printed).toContain(`flipped: ${projection} now reads generation 2`);
      }
      for (const projection of ['order_timeline', 'shipments'] as const) {
        const asked = await http<ProjectionStatus>(saga.query.url(`/projections/${projection}/rebuild`), { method: 'POST', headers: { authorization: `Bearer ${saga.adminToken}` } });
        expect(asked).toMatchObject({ status: 202, body: { name: projection, live: 1, state: 'rebuilding', rebuild: { generation: 2 } } });
        await eventually(() => status(projection), (current) => current.live === 2 && current.state === 'live', 3 * MINUTES);
      }
      const { answered, failures } = await queries.stop();
      expect(failures).toEqual([]);
      expect(answered).toBeGreaterThan(100);

      Object.assign(live, { orders: 2, order_timeline: 2, payments: 2, shipments: 2 });
      await expectReadModelsEqualTheFold();
      for (const projection of PROJECTIONS) {
        const verified = await ProjectionsCli.run(saga, ['verify', projection]);
        expect({ projection, code: verified.code, printed: verified.printed }).toEqual({ projection, code: 0, printed: expect.stringContaining('no differences') });
      }
      // rebuilds only write read models: no command, event, outcome or snapshot was written meanwhile
      expect(await topicEnds()).toEqual(before);
    },
    20 * MINUTES,
  );

  it(
    'resumes a rebuild killed about half way, and finishes it',
    async () => {
      // the CLI alone runs this one: the projector would carry a recorded rebuild on by itself
      await saga.projector.stop();
      const first = new ProjectionsCli(saga, ['rebuild', 'order_timeline', '--max-rate', '1000']);
      const halfWay = await eventually(() => status('order_timeline'), (current) => (current.rebuild?.percent ?? 0) >= 40, 3 * MINUTES);
      first.kill('SIGKILL');
      await first.exited;
      expect(halfWay).toMatchObject({ live: 2, state: 'rebuilding', rebuild: { generation: 3 } });
      expect(halfWay.rebuild?.percent).toBeLessThan(100);

      const second = await ProjectionsCli.run(saga, ['rebuild', 'order_timeline']);
      expect({ code: second.code, printed: second.printed }).toEqual({ code: 0, printed: expect.stringContaining('resuming generation 3') });
      // it went on from the killed run's committed offsets: its first progress line is past where that one was seen
      const firstPercent = Number(/order_timeline g3 \[[^\]]*\]\s+(\d+)%/.exec(second.printed)?.[1]);
      expect(firstPercent).toBeGreaterThanOrEqual(halfWay.rebuild?.percent ?? 101);
      expect(second.printed).toContain('flipped: order_timeline now reads generation 3');
      live.order_timeline = 3;
      await saga.projector.start();
      expect((await ProjectionsCli.run(saga, ['verify', 'order_timeline'])).code).toBe(0);
      await expectReadModelsEqualTheFold();
    },
    10 * MINUTES,
  );

  it(
    'rebuilds in place through a consumer-group reset, once the projector is stopped',
    async () => {
      const refused = await ProjectionsCli.run(saga, ['rebuild', 'payments', '--in-place']);
      expect({ code: refused.code, printed: refused.printed }).toEqual({ code: 1, printed: expect.stringContaining('stop it first') });

      await saga.projector.stop();
      // damage the live read model: the in-place rebuild must fold it again from offset zero
      const payments = db.collection<{ _id: string }>(`payments_g${live.payments}`);
      const damaged = (await payments.find().limit(2).toArray()).map((document) => document._id);
      await payments.deleteOne({ _id: damaged[0] ?? '' });
      await payments.updateOne({ _id: damaged[1] ?? '' }, { $set: { 'model.status': 'garbled' } });
      expect(await storedModels(db, 'payments', live.payments)).not.toEqual(expected.payments);

      const inPlace = await ProjectionsCli.run(saga, ['rebuild', 'payments', '--in-place']);
      expect({ code: inPlace.code, printed: inPlace.printed }).toEqual({ code: 0, printed: expect.stringContaining('start the projector again') });
      await saga.projector.start();
      await expectReadModelsEqualTheFold();
    },
    10 * MINUTES,
  );
});

/**
 * Queries the query API in a loop, checking every answer against the expected read models: a
 * failed query, a missing document or a half-built one is a failure, kept to be reported.
 */
function queryLoop(saga: Saga, expected: ExpectedReadModels) {
  const ids = Object.keys(expected.orders);
  const failures: string[] = [];
  let answered = 0;
  let running = true;
  const check = async (path: string, want: unknown) => {
    const answer = await http(saga.query.url(path)).catch((error: unknown) => ({ status: 0, body: String(error) }));
    answered += 1;
    if (failures.length < 20 && (answer.status !== 200 || firstDifference(answer.body, want) !== undefined)) {
      failures.push(`${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
  };
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const id = ids[(i * 7919) % ids.length] ?? '';
      await check(`/orders/${id}`, expected.orders[id]);
      await check(`/orders/${id}/timeline`, expected.order_timeline[id]);
      if (expected.payments[id]) await check(`/payments/${id}`, expected.payments[id]);
      if (expected.shipments[id]) await check(`/shipments/${id}`, expected.shipments[id]);
      await sleep(5);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { answered, failures };
    },
  };
}
