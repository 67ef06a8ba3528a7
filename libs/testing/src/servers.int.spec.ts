import type { Admin, Kafka } from 'kafkajs';
import { MongoServerError } from 'mongodb';
import { readTopic } from './read-topic';
import { testDatabase, testKafka, type TestDatabase } from './servers';
import { uniqueName } from './unique-name';

// What the rest of Rewind takes for granted from the servers the test run is given.
describe('the servers', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    kafka = testKafka(uniqueName('dev-stack-it'));
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  async function newTopic(partitions = 1): Promise<string> {
    const topic = uniqueName('dev-stack-it');
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    return topic;
  }

  describe('Kafka transactions', () => {
    it('show a read_committed consumer the committed records and never the aborted ones', async () => {
      const topic = await newTopic();
      const producer = kafka.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        for (const [value, outcome] of [['first', 'commit'], ['aborted', 'abort'], ['second', 'commit']] as const) {
          const transaction = await producer.transaction();
          await transaction.send({ topic, messages: [{ key: 'order-1', value }] });
          await (outcome === 'commit' ? transaction.commit() : transaction.abort());
        }
      } finally {
        await producer.disconnect();
      }

      const committed = await readTopic(kafka, topic, { until: (records) => records.some((r) => r.value === 'second') });
      expect(committed.map((r) => r.value)).toEqual(['first', 'second']);

      // the aborted record is really in the log: only the isolation level hides it
      const everything = await readTopic(kafka, topic, {
        isolation: 'read_uncommitted',
        until: (records) => records.some((r) => r.value === 'second'),
      });
      expect(everything.map((r) => r.value)).toEqual(['first', 'aborted', 'second']);
    });
  });

  describe('consumer group offsets', () => {
    it('resume after the last committed offset when a consumer restarts', async () => {
      const topic = await newTopic();
      const groupId = uniqueName('group');
      const producer = kafka.producer();
      await producer.connect();
      const send = (values: string[]) => producer.send({ topic, messages: values.map((value) => ({ key: 'k', value })) });

      const consumeOnce = async (expected: number): Promise<string[]> => {
        const consumer = kafka.consumer({ groupId });
        const seen: string[] = [];
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((done, fail) => {
          consumer
            .run({
              autoCommit: false,
              eachMessage: async ({ partition, message }) => {
                seen.push(message.value?.toString() ?? '');
                await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
                if (seen.length === expected) done();
              },
            })
            .catch(fail);
        });
        await consumer.disconnect();
        return seen;
      };

      await send(['m1', 'm2', 'm3']);
      expect(await consumeOnce(3)).toEqual(['m1', 'm2', 'm3']);
      const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed[0]?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '3' })]);

      await send(['m4', 'm5']);
      expect(await consumeOnce(2)).toEqual(['m4', 'm5']);
      await producer.disconnect();
    });
  });

  describe('MongoDB', () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await testDatabase('dev-stack-it');
    });
    afterEach(() => database.dispose());

    it('keeps a unique index, upserts, and refuses a duplicate key', async () => {
      const orders = database.db.collection<{ orderId: string; status: string }>('orders');
      await orders.createIndex({ orderId: 1 }, { unique: true });

      const inserted = await orders.updateOne({ orderId: 'o-1' }, { $set: { status: 'placed' } }, { upsert: true });
      expect(inserted.upsertedCount).toBe(1);
      const updated = await orders.updateOne({ orderId: 'o-1' }, { $set: { status: 'confirmed' } }, { upsert: true });
      expect({ matched: updated.matchedCount, modified: updated.modifiedCount, upserted: updated.upsertedCount }).toEqual({
        matched: 1,
        modified: 1,
        upserted: 0,
      });

      const duplicate = await orders.insertOne({ orderId: 'o-1', status: 'placed' }).catch((error: unknown) => error);
      expect(duplicate).toBeInstanceOf(MongoServerError);
      expect((duplicate as MongoServerError).code).toBe(11000);

      expect(await orders.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ orderId: 'o-1', status: 'confirmed' }]);
    });
  });
});
