import { readDeadLetterLedger, requestReplay } from '@rewind/dead-letters';
import { createTestTopics, readTopicToEnd, testDatabase, testKafka, uniqueName, type TestDatabase } from '@rewind/testing';
import type { GroupLoss } from '@rewind/event-store';
import type { Kafka } from 'kafkajs';
import { foldInto, type ProjectionDefinition, type StoredDocument } from './projection';
import { Projector, type ProjectorOptions } from './projector';
import { WriteGate } from './write-gate';
import { counted as event, countedCodec, countingProjection, publish as publishTo, type Totals } from './testing/counting-projection';

describe('the projector', () => {
  let kafka: Kafka;
  let database: TestDatabase;
  let topics: { left: string; right: string; deadLetters: string };
  let definition: ProjectionDefinition<Totals>;
  const running: Projector<Totals>[] = [];

  beforeEach(async () => {
    kafka = testKafka(uniqueName('projector-it'));
    database = await testDatabase('projector-it');
    topics = { left: uniqueName('left'), right: uniqueName('right'), deadLetters: uniqueName('dead-letters') };
    await createTestTopics(Object.values(topics).map((name) => ({ name, partitions: 3, configs: {} })));
    definition = countingProjection(topics);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((projector) => projector.stop()));
    await database.dispose();
  });

  const publish = (topic: string, events: Parameters<typeof publishTo>[2]) => publishTo(kafka, topic, events);
  const startProjector = async (groupId: string, options: Partial<ProjectorOptions<Totals>> = {}) => {
    const projector = new Projector({ kafka, db: database.db, definition, collection: 'totals_g1', groupId, deadLetterTopic: topics.deadLetters, ...options });
    running.push(projector);
    await projector.start();
    return projector;
  };
  /** Stops a projector and starts its group again from offset zero: a restart that lost its commits. */
  const restartFromZero = async (projector: Projector<Totals>, groupId: string) => {
    await projector.stop();
    running.splice(running.indexOf(projector), 1);
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic: topics.left, earliest: true });
    await admin.disconnect();
    return startProjector(groupId);
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
    const second = await restartFromZero(first, groupId);
    await until(async () => second.eventsProcessed >= 2);

    expect(await documents()).toEqual(before);
    expect(before).toEqual([{ _id: 'a', model: { left: 12, right: 0 }, applied: { left: 2 } }]);
  });

  // `checked` is what FerretDB gets, `atomic` what MongoDB gets (writeFencingOf): both run here, on the test's server
  it.each(['checked', 'atomic'] as const)('fences a member expelled in the middle of a batch (%s): its late write changes nothing, and nothing is dead-lettered', async (fencing) => {
    const groupId = uniqueName('totals');
    const ids = Array.from({ length: 6 }, (_, i) => `agg-${i}`);
    const versions = (version: number) => ids.map((id) => event(id, version, version));
    const everyDocumentAt = async (version: number) => {
      const stored = await documents();
      return stored.length === ids.length && stored.every((document) => document.applied['left'] === version);
    };
    const gate = writeGate();
    const logged: string[] = [];
    // a gate of its own, as a member in another process has: its held writes keep no slot from the owner
    const zombie = await startProjector(groupId, { fencing, sessionTimeoutMs: 6_000, writeGate: new WriteGate(2), aroundWrite: (write) => gate.pass(write), log: (message) => logged.push(message) });
    await publish(topics.left, [...versions(1), ...versions(2)]);
    await until(() => everyDocumentAt(2));

    // its next batch reads the documents at version 2, folds version 3, and stops before writing:
    // a GC pause, a slow database. It heartbeats no more, and after its session the group gives
    // every partition to the other member, which folds versions 3 and 4
    gate.close();
    await publish(topics.left, versions(3));
    await gate.entered;
    const owner = await startProjector(groupId, { fencing, sessionTimeoutMs: 6_000 });
    await publish(topics.left, versions(4));
    await until(() => everyDocumentAt(4));

    await gate.open(); // the expelled member writes what it folded from version 2
    await publish(topics.left, versions(5));
    const deadLetters = async () => (await readTopicToEnd(kafka, topics.deadLetters)).length;
    await until(async () => (await everyDocumentAt(5)) || (await deadLetters()) > 0);
    const expected = new Map<string, StoredDocument<Totals>>();
    foldInto(definition, expected, [1, 2, 3, 4, 5].flatMap((version) => versions(version).map((e) => ({ event: e, stream: 'left' }))));
    expect(await documents()).toEqual([...expected.values()].sort((a, b) => a._id.localeCompare(b._id)));
    expect({ deadLetters: await deadLetters(), counted: zombie.deadLettered + owner.deadLettered }).toEqual({ deadLetters: 0, counted: 0 });
    expect(logged).toContainEqual(expect.stringMatching(/^a batch was fenced/));
  }, 120_000);

  it('gives a batch a deadline: one that waits on a call that never settles reports its consumer lost, naming the call', async () => {
    const groupId = uniqueName('totals');
    const losses: GroupLoss[] = [];
    const gate = writeGate();
    gate.close(); // every write hangs until the test lets it go
    await startProjector(groupId, { batchDeadlineMs: 2_000, writeGate: new WriteGate(2), aroundWrite: (write) => gate.pass(write), onLost: (loss) => losses.push(loss) });
    await publish(topics.left, [event('a', 1, 1)]);
    await gate.entered;
    await until(async () => losses.length > 0);
    await gate.open();
    expect(losses).toEqual([{ groupId, reason: 'a batch waited more than 2000 ms for a bulk write' }]);
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

  it('holds at most maxBytesPerFetch of the log at once when it starts far behind, and folds all of it', async () => {
    // far behind: each of the 3 partitions holds ~250 kB, what kafkajs would fetch of it at once
    // (256 kB a partition, 10 MB a fetch); small sends, so no record batch is larger than the limit
    const ids = Array.from({ length: 60 }, (_, i) => `agg-${String(i).padStart(2, '0')}`);
    const versions = 40;
    for (let version = 1; version <= versions; version++) await publish(topics.left, ids.map((id) => event(id, version, 1)));
    const maxBytesPerFetch = 64 * 1024;
    let held = 0;
    // each bulk write runs inside a batch: every batch handled beside it is in flight then too (the
    // projector is in `running` before it starts, and it may write before `start` resolves)
    const aroundWrite = <T>(write: () => Promise<T>): Promise<T> => {
      held = Math.max(held, running.at(-1)?.bytesInFlight ?? 0);
      return write();
    };
    const projector = await startProjector(uniqueName('totals'), { maxBytesPerFetch, aroundWrite });
    await until(async () => projector.eventsProcessed >= ids.length * versions);

    expect((await documents()).map(({ _id, model, applied }) => [_id, model.left, applied['left']])).toEqual(ids.map((id) => [id, versions, versions]));
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(maxBytesPerFetch);
  }, 120_000);

  it('dead-letters what it cannot fold, with the reason, holds the later events of that key, and lets every other key flow', async () => {
    const encoded = (e: Parameters<typeof countedCodec.encode>[0]) => countedCodec.encode(e);
    const unknownType = JSON.stringify({ ...event('agg-2', 2, 1), type: 'Teleported' });
    const invalid = JSON.stringify({ ...event('agg-4', 1, 1), data: { by: 'many' } });
    // one producer, one send: per key the records land in the order given
    const records: [string, string | Buffer][] = [
      ['agg-0', encoded(event('agg-0', 1, 1))],
      ['agg-1', encoded(event('agg-1', 1, 1))],
      ['agg-1', Buffer.from([0xff, 0x00, 0x13])], // garbage
      ['agg-1', encoded(event('agg-1', 2, 1))], // held behind it
      ['agg-2', encoded(event('agg-2', 1, 1))],
      ['agg-2', unknownType],
      ['agg-3', encoded(event('agg-3', 1, 1))],
      ['agg-3', encoded(event('agg-3', 3, 1))], // version 2 is missing
      ['agg-3', encoded(event('agg-3', 4, 1))], // held
      ['agg-4', invalid],
      ['agg-0', encoded(event('agg-0', 2, 1))],
    ];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.left, messages: records.map(([key, value]) => ({ key, value, headers: { source: 'test' } })) });
    await producer.disconnect();

    const groupId = uniqueName('totals');
    const first = await startProjector(groupId);
    await until(async () => first.eventsProcessed >= records.length);
    expect((await documents()).map(({ _id, applied }) => [_id, applied['left']])).toEqual([
      ['agg-0', 2],
      ['agg-1', 1],
      ['agg-2', 1],
      ['agg-3', 1],
    ]);
    const letters = async () =>
      (await readTopicToEnd(kafka, topics.deadLetters)).map(({ key, headers }) => ({ key, reason: headers['rewind-dead-letter-reason'], consumer: headers['rewind-dead-letter-consumer'], from: headers['rewind-dead-letter-topic'], source: headers['source'] }));
    const expected = [
      { key: 'agg-1', reason: expect.stringMatching(/^undecodable: /) },
      { key: 'agg-1', reason: expect.stringMatching(/^held behind .*@\d+$/) },
      { key: 'agg-2', reason: expect.stringMatching(/^undecodable: .*Teleported/) },
      { key: 'agg-3', reason: 'version gap: left agg-3 is at version 1 in agg-3, the event is version 3' },
      { key: 'agg-3', reason: expect.stringMatching(/^held behind /) },
      { key: 'agg-4', reason: expect.stringMatching(/^undecodable: /) },
    ].map((letter) => ({ ...letter, consumer: groupId, from: topics.left, source: 'test' }));
    const byKey = (a: { key: string | null }, b: { key: string | null }) => String(a.key).localeCompare(String(b.key));
    expect((await letters()).sort(byKey)).toEqual(expected);
    expect(first.deadLettered).toBe(6);

    // read again from offset zero by the same group: nothing is written twice
    const second = await restartFromZero(first, groupId);
    await publish(topics.left, [event('agg-1', 3, 1), event('agg-5', 1, 1)]); // agg-1 still held; agg-5 new
    await until(async () => second.eventsProcessed >= records.length + 2);
    expect((await letters()).sort(byKey)).toEqual([...expected, { key: 'agg-1', reason: expect.stringMatching(/^held behind /), consumer: groupId, from: topics.left, source: undefined }].sort(byKey));
    expect(second.deadLettered).toBe(1);
    expect((await documents()).map(({ _id, applied }) => [_id, applied['left']])).toEqual([
      ['agg-0', 2],
      ['agg-1', 1],
      ['agg-2', 1],
      ['agg-3', 1],
      ['agg-5', 1],
    ]);
  });

  it('folds a key’s dead letters again when an operator asks, after a fix, and lets the key flow on; what fails again is held again', async () => {
    // a fold with a bug for large counts, fixed (as a deploy would) before the replay
    let fixed = false;
    const buggy = countingProjection(topics);
    definition = {
      ...buggy,
      evolve: (document, event, stream) => {
        if (!fixed && (event.data as { by: number }).by > 100) throw new Error('by is too large');
        return buggy.evolve(document, event, stream);
      },
    };
    const groupId = uniqueName('totals');
    const projector = await startProjector(groupId);
    await publish(topics.left, [event('agg-1', 1, 1), event('agg-1', 2, 500), event('agg-1', 3, 2), event('agg-2', 1, 1), event('agg-3', 1, 1000)]);
    await until(async () => projector.eventsProcessed >= 5);
    expect((await documents()).map(({ _id, model }) => [_id, model.left])).toEqual([
      ['agg-1', 1],
      ['agg-2', 1],
    ]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const holds = async () => (await readDeadLetterLedger(kafka, admin, topics.deadLetters)).list({ consumer: groupId }).map((hold) => [hold.key, hold.letters.map((letter) => letter.source.offset), hold.replayRequested]).sort(([a], [b]) => String(a).localeCompare(String(b)));
      expect(await holds()).toEqual([
        ['agg-1', [expect.any(String), expect.any(String)], false],
        ['agg-3', [expect.any(String)], false],
      ]);
      // asked before the fix: it fails again, and the key stays held, behind the same record
      expect((await requestReplay(kafka, admin, topics.deadLetters, { consumer: groupId, key: 'agg-3' })).map((hold) => hold.key)).toEqual(['agg-3']);
      const agg3 = async () => (await holds()).find(([key]) => key === 'agg-3');
      const [, offsets] = (await agg3()) ?? [];
      await until(async () => (await agg3())?.[2] === false);
      expect(await agg3()).toEqual(['agg-3', offsets, false]);
      expect((await documents()).map(({ _id }) => _id)).toEqual(['agg-1', 'agg-2']);

      fixed = true;
      expect(await requestReplay(kafka, admin, topics.deadLetters, { consumer: groupId, key: 'nobody' })).toEqual([]);
      await requestReplay(kafka, admin, topics.deadLetters, { consumer: groupId });
      await until(async () => (await holds()).length === 0);
      // folded in their order, once; later events of the keys flow as usual
      await publish(topics.left, [event('agg-1', 4, 3), event('agg-3', 2, 1)]);
      await until(async () => projector.eventsProcessed >= 7);
      expect((await documents()).map(({ _id, model, applied }) => [_id, model.left, applied['left']])).toEqual([
        ['agg-1', 506, 4],
        ['agg-2', 1, 1],
        ['agg-3', 1001, 2],
      ]);
      expect(await holds()).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});

/** Holds the writes that reach it while closed; `open` lets them through and resolves once they have run. */
function writeGate() {
  let closed = false;
  let enter: () => void = () => undefined;
  let release: () => void = () => undefined;
  const entered = new Promise<void>((resolve) => (enter = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: Promise<unknown>[] = [];
  return {
    entered,
    close: () => (closed = true),
    pass: <T>(write: () => Promise<T>): Promise<T> => {
      if (!closed) return write();
      enter();
      const written = released.then(write);
      held.push(written);
      return written;
    },
    open: async () => {
      closed = false;
      release();
      await Promise.allSettled(held);
    },
  };
}
