import { createTestTopics, testDatabase, testKafka, uniqueName, type TestDatabase } from '@rewind/testing';
import type { Kafka } from 'kafkajs';
import { foldInto, type ProjectionDefinition, type StoredDocument } from './projection';
import { Projector } from './projector';
import { counted as event, countingProjection, publish as publishTo, type Totals } from './testing/counting-projection';

describe('the projector', () => {
  let kafka: Kafka;
  let database: TestDatabase;
  let topics: { left: string; right: string };
  let definition: ProjectionDefinition<Totals>;
  const running: Projector<Totals>[] = [];

  beforeEach(async () => {
    kafka = testKafka(uniqueName('projector-it'));
    database = await testDatabase('projector-it');
    topics = { left: uniqueName('left'), right: uniqueName('right') };
    await createTestTopics(Object.values(topics).map((name) => ({ name, partitions: 3, configs: {} })));
    definition = countingProjection(topics);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((projector) => projector.stop()));
    await database.dispose();
  });

  const publish = (topic: string, events: Parameters<typeof publishTo>[2]) => publishTo(kafka, topic, events);
  const startProjector = async (groupId: string) => {
    const projector = new Projector({ kafka, db: database.db, definition, collection: 'totals_g1', groupId });
    running.push(projector);
    await projector.start();
    return projector;
  };
  const documents = async () => (await database.db.collection<StoredDocument<Totals>>('totals_g1').find().sort({ _id: 1 }).toArray()).map((d) => ({ ...d }));
  const until = async (condition: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) if (await condition()) return;
    throw new Error('the projection never caught up');
  };

  it('joins two topics into one document per id, whatever arrives first, equal to an independent fold', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `agg-${i}`);
    const left = ids.flatMap((id) => [1, 2, 3].map((version) => event(id, version, version)));
    const right = ids.flatMap((id) => [1, 2].map((version) => event(id, version, 10 * version)));
    await publish(topics.right, right); // the joined side first: arrival order between topics is free
    const projector = await startProjector(uniqueName('totals'));
    await publish(topics.left, left);
    await until(async () => projector.eventsProcessed >= left.length + right.length);

    const expected = new Map<string, StoredDocument<Totals>>();
    foldInto(definition, expected, [...left.map((e) => ({ event: e, stream: 'left' })), ...right.map((e) => ({ event: e, stream: 'right' }))]);
    expect(await documents()).toEqual([...expected.values()].sort((a, b) => a._id.localeCompare(b._id)));
    expect((await documents())[0]).toEqual({ _id: 'agg-0', model: { left: 6, right: 30 }, applied: { left: 3, right: 2 } });
  });

  it('changes nothing when every event is delivered again', async () => {
    await publish(topics.left, [event('a', 1, 5), event('a', 2, 7)]);
    const groupId = uniqueName('totals');
    const first = await startProjector(groupId);
    await until(async () => first.eventsProcessed >= 2);
    const before = await documents();
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic: topics.left, earliest: true });
    await admin.disconnect();
    const second = await startProjector(groupId);
    await until(async () => second.eventsProcessed >= 2);

    expect(await documents()).toEqual(before);
    expect(before).toEqual([{ _id: 'a', model: { left: 12, right: 0 }, applied: { left: 2 } }]);
  });

  it('replaces hundreds of documents in a batch without wedging the database', async () => {
    // one update command per batch deadlocked FerretDB's SQLite backend for good (see write-gate.ts):
    // replacing an existing document keeps a connection until the command ends
    const ids = Array.from({ length: 600 }, (_, i) => `many-${String(i).padStart(3, '0')}`);
    await publish(topics.left, ids.map((id) => event(id, 1, 1)));
    const first = await startProjector(uniqueName('totals'));
    await until(async () => first.eventsProcessed >= ids.length);
    await first.stop();
    running.splice(running.indexOf(first), 1);

    await publish(topics.left, ids.map((id) => event(id, 2, 2)));
    const second = await startProjector(uniqueName('totals')); // a new group: it reads all 1,200 again, in large batches
    await until(async () => second.eventsProcessed >= 2 * ids.length);
    expect(await database.db.collection('totals_g1').countDocuments({ 'model.left': 3 })).toBe(600);
  });
});
