import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceTopicNames, serviceTopics, type EventEnvelope } from '@rewind/contracts';
import { auditEventLog, createTestTopics, readTopicToEnd, testKafka, uniqueName } from '@rewind/testing';
import { Partitioners, type Kafka } from 'kafkajs';
import { CommandProcessor, type CommandProcessorOptions } from './command-processor';
import { deterministicUuid } from './deterministic-id';
import { tallyCommand, tallySpec, type TallyCommand, type TallyEvent, type TallyState } from './testing/tally';

type Options = Partial<CommandProcessorOptions<TallyCommand, TallyEvent, TallyState>>;
const value = (command: TallyCommand) => Buffer.from(JSON.stringify(command));
const until = async (done: () => boolean, what: string, ms = 120_000) => {
  for (const deadline = Date.now() + ms; !done(); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
  }
};

/**
 * The write side with far more aggregates than it keeps in memory: the cache holds the hot ones,
 * each partition's store on disk the rest, and a restart reads what the instance kept.
 */
describe('the write side with bounded memory', () => {
  let kafka: Kafka;
  const running: CommandProcessor<TallyCommand, TallyEvent, TallyState>[] = [];
  const dirs: string[] = [];
  const stateDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bounded-it-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(() => {
    kafka = testKafka(uniqueName('bounded-it'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((processor) => processor.stop().catch(() => undefined)));
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A service of its own whose events topic holds `count` aggregates at version 1, written straight with the codec. */
  const seededService = async (count: number, partitions = 2) => {
    const service = uniqueName('bounded');
    await createTestTopics(serviceTopics(service, partitions));
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const occurredAt = new Date().toISOString();
    for (let first = 0; first < count; first += 5_000) {
      const messages = [];
      for (let i = first; i < Math.min(count, first + 5_000); i++) {
        const aggregateId = `agg-${i}`;
        const envelope: EventEnvelope = {
          eventId: deterministicUuid(`seed/${aggregateId}`),
          type: 'Tallied',
          schemaVersion: 1,
          aggregateId,
          aggregateVersion: 1,
          occurredAt,
          commandId: `seed-${aggregateId}`,
          correlationId: `seed-${aggregateId}`,
          causationId: `seed-${aggregateId}`,
          data: { amount: 1 },
        };
        messages.push({ key: aggregateId, value: tallySpec.events.encode(envelope) });
      }
      await producer.send({ topic: serviceTopicNames(service).events, acks: -1, messages });
    }
    await producer.disconnect();
    return service;
  };

  const started = async (service: string, options: Options) => {
    const processor = new CommandProcessor({ ...tallySpec, kafka, service, sessionTimeoutMs: 6_000, ...options });
    running.push(processor);
    await processor.start();
    await until(() => processor.unloaded.length === 0, 'every partition loaded');
    return processor;
  };
  const stopped = async (processor: CommandProcessor<TallyCommand, TallyEvent, TallyState>) => {
    running.splice(running.indexOf(processor), 1);
    await processor.stop();
  };
  const sendAll = (processor: CommandProcessor<TallyCommand, TallyEvent, TallyState>, commands: readonly TallyCommand[]) =>
    Promise.all(commands.map((command) => processor.send(processor.partitionOf(command.aggregateId), value(command))));
  const total = (loads: readonly Readonly<Record<string, unknown>>[], field: string) => loads.reduce((sum, load) => sum + Number(load[field]), 0);

  it('keeps versions gapless, idempotency within the window and expectedVersion conflicts with 50,000 aggregates and 1,000 cached', async () => {
    const service = await seededService(50_000);
    let skewMs = 0;
    const windowMs = 60 * 60 * 1000;
    const processor = await started(service, { cacheEntries: 1_000, stateDir: stateDir(), idempotencyWindowMs: windowMs, clock: () => new Date(Date.now() + skewMs) });
    expect(total(processor.loads, 'eventsReplayed')).toBe(50_000);

    // 3,000 aggregates spread over the partitions: three times what the cache holds, so most are
    // evicted between the rounds and read back from the store
    const ids = Array.from({ length: 3_000 }, (_, i) => `agg-${i * 16}`);
    const firsts = ids.map((id) => tallyCommand(id, 2, { commandId: `first-${id}`, expectedVersion: 1 }));
    const first = await sendAll(processor, firsts);
    expect(first.filter((outcome) => !(outcome.status === 'accepted' && outcome.version === 2))).toEqual([]);

    const stale = await sendAll(processor, ids.map((id) => tallyCommand(id, 3, { expectedVersion: 1 })));
    expect(stale.filter((outcome) => !(outcome.status === 'conflict' && outcome.actualVersion === 2))).toEqual([]);

    const repeated = await sendAll(processor, firsts);
    expect(repeated).toEqual(first);
    expect(processor.cacheStats.size).toBeLessThanOrEqual(1_000);
    expect(processor.cacheStats.misses).toBeGreaterThan(2 * ids.length);
    // a cold aggregate the commands never touched is read back as the log has it
    expect(await processor.read(processor.partitionOf('agg-7'), 'agg-7')).toEqual({ status: 'state', aggregateId: 'agg-7', version: 1, state: { total: 1, count: 1 } });

    // past the window the same key names a new command: decided again, against the aggregate as it is now
    skewMs = windowMs + 60_000;
    const reused = firsts.slice(0, 100);
    const again = await sendAll(processor, reused.map((command) => ({ ...command, expectedVersion: 2 })));
    expect(again.filter((outcome) => !(outcome.status === 'accepted' && outcome.version === 3))).toEqual([]);
    // and within the window of its second decision, remembered again
    expect(await sendAll(processor, reused.slice(0, 5).map((command) => ({ ...command, expectedVersion: 2 })))).toEqual(again.slice(0, 5));

    const log = auditEventLog(await readTopicToEnd(kafka, serviceTopicNames(service).events));
    expect(log.events).toHaveLength(50_000 + ids.length + reused.length);
    // gapless; the one problem is by design: event ids derive from the aggregate and the command id (a
    // reaction names another's event by them), so a key decided again on its aggregate after the window
    // repeats its first event's id
    expect(log.problems.sort()).toEqual(reused.map((command) => `event id ${deterministicUuid(`${command.aggregateId}/${command.commandId}/0`)} appears twice`).sort());
    for (const command of reused.slice(0, 10)) {
      expect(log.byAggregate.get(command.aggregateId)?.map((event) => [event.aggregateVersion, event.commandId])).toEqual([
        [1, `seed-${command.aggregateId}`],
        [2, command.commandId],
        [3, command.commandId],
      ]);
    }
  });

  it('restarted with its disk, reads only the tail after its store; without it, restores from the snapshots topic', async () => {
    const service = await seededService(5_000);
    const diskA = stateDir();
    const snapshotsWritten: number[] = [];
    const options: Options = { cacheEntries: 100, snapshotEvery: 500 };
    const a = await started(service, {
      ...options,
      stateDir: diskA,
      log: (message, fields) => message === 'snapshot written' && snapshotsWritten.push(Number(fields?.['partition'])),
    });
    expect(a.loads.map((load) => load['source'])).toEqual(['log', 'log']);
    // the load's long tail makes a snapshot round due: every aggregate goes to the changelog
    await until(() => new Set(snapshotsWritten).size === 2, 'a snapshot of each partition');
    const second = await sendAll(a, Array.from({ length: 200 }, (_, i) => tallyCommand(`agg-${i}`, 1, { expectedVersion: 1 })));
    expect(second.every((outcome) => outcome.status === 'accepted')).toBe(true);
    await stopped(a);

    // another instance, without A's disk, owns the partitions meanwhile: the changelog and its tail
    const b = await started(service, { ...options, stateDir: stateDir() });
    expect(b.loads.map((load) => load['source'])).toEqual(['snapshots', 'snapshots']);
    expect(total(b.loads, 'snapshotRecords')).toBeGreaterThanOrEqual(5_000);
    expect(total(b.loads, 'eventsReplayed')).toBe(200);
    const thirdCommands = Array.from({ length: 100 }, (_, i) => tallyCommand(`agg-${i}`, 1, { expectedVersion: 2 }));
    const third = await sendAll(b, thirdCommands);
    expect(third.every((outcome) => outcome.status === 'accepted')).toBe(true);
    await stopped(b);

    // A again with its disk: its store is behind the log by what B wrote, and only that is read
    const again = await started(service, { ...options, stateDir: diskA });
    expect(again.loads.map((load) => load['source'])).toEqual(['store', 'store']);
    expect(total(again.loads, 'eventsReplayed')).toBe(100);
    expect(total(again.loads, 'snapshotRecords')).toBe(0);
    const fourth = await sendAll(again, [
      ...Array.from({ length: 100 }, (_, i) => tallyCommand(`agg-${i}`, 1, { expectedVersion: 3 })),
      ...Array.from({ length: 100 }, (_, i) => tallyCommand(`agg-${100 + i}`, 1, { expectedVersion: 2 })),
      tallyCommand('agg-4999', 1, { expectedVersion: 1 }),
    ]);
    expect(fourth.filter((outcome) => outcome.status !== 'accepted')).toEqual([]);
    // B's outcomes came with the tail: a repeat of one of its commands is answered, not decided
    expect(await sendAll(again, thirdCommands.slice(0, 1))).toEqual(third.slice(0, 1));

    const log = auditEventLog(await readTopicToEnd(kafka, serviceTopicNames(service).events));
    expect(log.problems).toEqual([]);
    expect(log.events).toHaveLength(5_000 + 200 + 100 + 201);
  });

  it('discards a store that is ahead of the log: the topics were recreated under the same names', async () => {
    const service = await seededService(10, 1);
    const disk = stateDir();
    const first = await started(service, { stateDir: disk });
    expect(await sendAll(first, [tallyCommand('agg-1', 1, { expectedVersion: 1 })])).toMatchObject([{ status: 'accepted', version: 2 }]);
    await stopped(first);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = serviceTopics(service, 1);
      await admin.deleteTopics({ topics: topics.map((topic) => topic.name) });
      for (let attempt = 0; ; attempt++) {
        // the broker may still be deleting them
        const created = await createTestTopics(topics).then(() => true, () => false);
        if (created) break;
        if (attempt > 50) throw new Error('the topics could not be created again');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await admin.disconnect();
    }

    const second = await started(service, { stateDir: disk });
    expect(second.loads).toEqual([expect.objectContaining({ source: 'log', storeDiscarded: expect.stringContaining('ahead of the log') })]);
    // the aggregate begins again, as the (new) log has it
    expect(await sendAll(second, [tallyCommand('agg-1', 1, { expectedVersion: 0 })])).toMatchObject([{ status: 'accepted', version: 1 }]);
  });
});
