import { DEAD_LETTER_TOPIC } from '@rewind/contracts';
import { DeadLetterQueue, readDeadLetterLedger } from '@rewind/dead-letters';
import { createTestTopics, testDatabase, testKafka, uniqueName, type TestDatabase } from '@rewind/testing';
import type { Admin, Kafka } from 'kafkajs';
import { generationCollection, generationGroup, Generations } from './generations';
import { InPlaceRebuildRefused, resetLiveGeneration } from './in-place';
import { committedOffsets, countDone, logExtent } from './offsets';
import { foldInto, type ProjectionDefinition, type StoredDocument } from './projection';
import { Projector } from './projector';
import { ProjectionSupervisor, type SupervisorOptions } from './supervisor';
import { counted, countingProjection, publish, type Totals } from './testing/counting-projection';
import { compareGenerations, verifyGenerations } from './verify';

describe('rebuilding a projection', () => {
  let kafka: Kafka;
  let admin: Admin;
  let database: TestDatabase;
  let namespace: string;
  let topics: { left: string; right: string };
  let definition: ProjectionDefinition<Totals>;
  let generations: Generations;
  const supervisors: ProjectionSupervisor<Totals>[] = [];
  const ids = Array.from({ length: 40 }, (_, i) => `agg-${i}`);
  const left = ids.flatMap((id) => [1, 2, 3, 4, 5].map((version) => counted(id, version, version)));
  const right = ids.flatMap((id) => [1, 2, 3].map((version) => counted(id, version, 10 * version)));

  beforeEach(async () => {
    kafka = testKafka(uniqueName('rebuild-it'));
    admin = kafka.admin();
    await admin.connect();
    database = await testDatabase('rebuild-it');
    namespace = `${uniqueName('rebuild')}.`;
    topics = { left: uniqueName('left'), right: uniqueName('right') };
    await createTestTopics([...Object.values(topics), `${namespace}${DEAD_LETTER_TOPIC}`].map((name) => ({ name, partitions: 3, configs: {} })));
    definition = countingProjection(topics);
    generations = new Generations(database.db);
    await publish(kafka, topics.left, left);
    await publish(kafka, topics.right, right);
  });
  afterEach(async () => {
    await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.stop()));
    await admin.disconnect();
    await database.dispose();
  });

  const supervise = (options: Partial<SupervisorOptions<Totals>> = {}) => {
    const supervisor = new ProjectionSupervisor<Totals>({ kafka, admin, db: database.db, definition, namespace, keepLive: true, graceMs: 60_000, log: () => undefined, onLost: () => undefined, ...options });
    supervisors.push(supervisor);
    return supervisor;
  };
  const documents = async (generation: number) =>
    (await database.db.collection<StoredDocument<Totals>>(generationCollection('totals', generation)).find().sort({ _id: 1 }).toArray()).map((document) => ({ ...document }));
  const independentFold = (events: { left: typeof left; right: typeof right }) => {
    const expected = new Map<string, StoredDocument<Totals>>();
    foldInto(definition, expected, [...events.left.map((event) => ({ event, stream: 'left' })), ...events.right.map((event) => ({ event, stream: 'right' }))]);
    return [...expected.values()].sort((a, b) => a._id.localeCompare(b._id));
  };
  const until = async <T>(probe: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const value = await probe();
      if (accept(value)) return value;
    }
    throw new Error(`gave up waiting for ${what}`);
  };
  const requestRebuild = async () => generations.requestRebuild('totals', await logExtent(admin, Object.values(topics)), new Date());

  it('builds the next generation beside the live one, flips when caught up, and drops the old one after its grace', async () => {
    const projector = supervise({ graceMs: 1_500 });
    await until(async () => (await projector.reconcile(), await documents(1)), (docs) => docs.length === ids.length && docs.every((doc) => doc.applied['left'] === 5 && doc.applied['right'] === 3), 'generation 1');

    // a record generation 1 gave up on, and one the rebuild gave up on too
    const deadLetterTopic = `${namespace}${DEAD_LETTER_TOPIC}`;
    const letter = async (generation: number) => {
      const queue = new DeadLetterQueue({ kafka, topic: deadLetterTopic, consumer: generationGroup(namespace, 'totals', generation) });
      await queue.start();
      await queue.ready();
      const written = queue.deadLetter({ topic: topics.left, partition: 0, offset: '0', key: Buffer.from('agg-x'), value: Buffer.from('garbage') }, 'undecodable: garbage');
      await queue.write(written ? [written] : []);
      await queue.stop();
    };
    await letter(1);
    await letter(2);
    const listed = async () => (await readDeadLetterLedger(kafka, admin, deadLetterTopic)).list().map((hold) => hold.consumer);
    expect(await listed()).toEqual([generationGroup(namespace, 'totals', 1), generationGroup(namespace, 'totals', 2)]);

    expect((await requestRebuild()).generation).toBe(2);
    const pointer = await until(() => projector.reconcile(), (current) => current.live === 2, 'the flip');
    expect(pointer.retired).toEqual([{ generation: 1, dropAfter: expect.any(String) }]);
    expect(await documents(2)).toEqual(independentFold({ left, right }));
    const comparison = await compareGenerations(database.db, 'totals', 1, 2);
    expect(comparison).toMatchObject({ documents: [ids.length, ids.length], differences: 0 });
    expect(projector.feeding).toEqual([2]); // the rebuild's consumer is now the live one

    // events after the flip reach the new generation
    await publish(kafka, topics.left, [counted('agg-0', 6, 100)]);
    await until(async () => (await projector.reconcile(), await documents(2)), (docs) => docs[0]?.model.left === 115, 'the event after the flip');

    // after the grace period the old generation, its group and its mention are gone
    await until(() => projector.reconcile(), (current) => current.retired?.length === 0, 'the drop');
    expect((await database.db.listCollections({ name: generationCollection('totals', 1) }).toArray()).length).toBe(0);
    const { groups } = await admin.describeGroups([generationGroup(namespace, 'totals', 1)]);
    expect(groups[0]?.state).toBe('Dead');
    // and its dead letters with it: archived, no longer listed; the live generation's stay
    expect(await listed()).toEqual([generationGroup(namespace, 'totals', 2)]);
  });

  it('resumes a rebuild stopped half way from its own committed offsets, and finishes it', async () => {
    // slowed down (every process feeding it keeps the rate recorded with it), so it can be stopped in the middle
    await generations.requestRebuild('totals', await logExtent(admin, Object.values(topics)), new Date(), 150);
    const first = supervise({ keepLive: false });
    const progress = async () => (await generations.progress('totals', 2)) ?? { done: 0, total: 1 };
    await until(
      async () => (await first.reconcile(), await progress()),
      ({ done, total }) => done >= total * 0.3,
      'a third of the rebuild',
    );
    await first.stop();
    const committedWhenStopped = await committedOffsets(admin, generationGroup(namespace, 'totals', 2), Object.values(topics));
    const { done: doneWhenStopped, total } = countDone((await generations.pointer('totals')).rebuild?.target ?? [], committedWhenStopped);
    expect(doneWhenStopped).toBeGreaterThan(0);
    expect(doneWhenStopped).toBeLessThan(total);

    const second = supervise({ keepLive: false });
    const progressSeen: number[] = [];
    await until(
      async () => {
        const pointer = await second.reconcile();
        if (pointer.rebuild) progressSeen.push((await progress()).done);
        return pointer;
      },
      (pointer) => pointer.live === 2,
      'the resumed rebuild to flip',
    );
    // it went on from where the first one stopped, not from zero
    expect(progressSeen.length).toBeGreaterThan(0);
    expect(Math.min(...progressSeen)).toBeGreaterThanOrEqual(doneWhenStopped);
    expect(await documents(2)).toEqual(independentFold({ left, right }));
  });

  it('verify names the documents that differ between two generations', async () => {
    const projector = supervise();
    await until(async () => (await projector.reconcile(), await documents(1)), (docs) => docs.length === ids.length, 'generation 1');
    await requestRebuild();
    await until(() => projector.reconcile(), (current) => current.live === 2, 'the flip');
    await projector.stop();
    const generation2 = database.db.collection<StoredDocument<Totals>>(generationCollection('totals', 2));
    await generation2.updateOne({ _id: 'agg-3' }, { $set: { 'model.right': -1 } });
    await generation2.deleteOne({ _id: 'agg-7' });

    expect(await compareGenerations(database.db, 'totals', 1, 2)).toEqual({
      projection: 'totals',
      generations: [1, 2],
      documents: [ids.length, ids.length - 1],
      onlyIn: [['agg-7'], []],
      different: [{ id: 'agg-3', path: 'model.right' }],
      differences: 2,
      inFlight: { count: 0, ids: [] },
      alignment: { aligned: false, reason: 'compared as stored' },
    });
  });

  it('verify compares the live generation with the one it replaced at the same log positions: events after the flip are no difference, a damaged document is', async () => {
    const projector = supervise();
    await until(async () => (await projector.reconcile(), await documents(1)), (docs) => docs.length === ids.length, 'generation 1');
    await requestRebuild();
    await until(() => projector.reconcile(), (current) => current.live === 2, 'the flip');
    // traffic after the flip: generation 1 is no longer fed, so it has neither event
    await publish(kafka, topics.left, [counted('agg-0', 6, 100), counted('agg-new', 1, 1)]);
    await until(async () => (await projector.reconcile(), await documents(2)), (docs) => docs.some((doc) => doc._id === 'agg-new') && docs[0]?.applied['left'] === 6, 'the events after the flip');
    await projector.stop();
    await database.db.collection<StoredDocument<Totals>>(generationCollection('totals', 2)).updateOne({ _id: 'agg-3' }, { $set: { 'model.right': -1 } });

    // as stored, the traffic shows as differences
    expect((await compareGenerations(database.db, 'totals', 1, 2)).differences).toBe(3);
    const context = { kafka, admin, db: database.db, definition: definition as ProjectionDefinition<object>, namespace };
    expect(await verifyGenerations(context, 1, 2)).toEqual({
      projection: 'totals',
      generations: [1, 2],
      documents: [ids.length + 1, ids.length + 1],
      onlyIn: [[], []],
      different: [{ id: 'agg-3', path: 'model.right' }],
      differences: 1,
      inFlight: { count: 0, ids: [] },
      alignment: { aligned: true, foldedForward: [{ generation: 1, records: 2 }] },
    });
    // the events after the flip are folded forward in memory only: generation 1 is left as it was
    expect((await documents(1)).map((document) => document._id)).not.toContain('agg-new');
  });

  it('rebuilds in place through a consumer-group reset, and refuses while the projector consumes', async () => {
    const groupId = generationGroup(namespace, 'totals', 1);
    const live = new Projector({ kafka, db: database.db, definition, collection: generationCollection('totals', 1), groupId, deadLetterTopic: `${namespace}${DEAD_LETTER_TOPIC}` });
    await live.start();
    await until(() => documents(1), (docs) => docs.length === ids.length && docs.every((doc) => doc.applied['left'] === 5 && doc.applied['right'] === 3), 'generation 1');
    await expect(resetLiveGeneration(admin, database.db, definition as ProjectionDefinition<object>, namespace)).rejects.toThrow(InPlaceRebuildRefused);
    await live.stop();

    // a fold that changed since generation 1 was built: in place, every document is folded anew
    definition = { ...definition, evolve: (document, event, stream) => countingProjection(topics).evolve(document, { ...event, data: { by: 2 * (event.data as { by: number }).by } }, stream) };
    expect(await resetLiveGeneration(admin, database.db, definition as ProjectionDefinition<object>, namespace)).toEqual({ generation: 1, groupId });
    expect(await documents(1)).toEqual([]);
    const again = new Projector({ kafka, db: database.db, definition, collection: generationCollection('totals', 1), groupId, deadLetterTopic: `${namespace}${DEAD_LETTER_TOPIC}` });
    await again.start();
    await until(() => documents(1), (docs) => docs.length === ids.length && docs.every((doc) => doc.applied['left'] === 5 && doc.applied['right'] === 3), 'the refold');
    await again.stop();
    expect((await documents(1))[0]).toEqual({ _id: 'agg-0', model: { left: 30, right: 120 }, applied: { left: 5, right: 3 } });
  });
});
