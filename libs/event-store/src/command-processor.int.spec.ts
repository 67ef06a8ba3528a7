import { randomUUID } from 'node:crypto';
import { serviceTopicNames, serviceTopics } from '@rewind/contracts';
import { auditEventLog, createTestTopics, readTopicToEnd, testKafka, uniqueName } from '@rewind/testing';
import type { Kafka } from 'kafkajs';
import { TopicCommandClient } from './command-client';
import { CommandProcessor, type CommandProcessorOptions } from './command-processor';
import type { GroupLoss } from './group-membership';
import type { CommandOutcome, PendingCommand } from './outcome';
import { tallyCommand, tallySpec, type TallyCommand, type TallyEvent, type TallyState } from './testing/tally';

// Each test gets a service of its own: its own four topics, group and transactional ids.
async function newService(partitions = 3): Promise<string> {
  const service = uniqueName('tally');
  await createTestTopics(serviceTopics(service, partitions));
  return service;
}

describe('the command processor', () => {
  let kafka: Kafka;
  const running: { stop(): Promise<void> }[] = [];
  const track = <T extends { stop(): Promise<void> }>(thing: T) => (running.push(thing), thing);

  beforeAll(() => {
    kafka = testKafka(uniqueName('event-store-it'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((thing) => thing.stop().catch(() => undefined)));
  });

  const startProcessor = async (
    service: string,
    options: Partial<Pick<CommandProcessorOptions<TallyCommand, TallyEvent, TallyState>, 'log' | 'logError' | 'beforeCommit' | 'afterCommit' | 'snapshotEvery' | 'batchDeadlineMs' | 'onGroupLost'>> = {},
  ) => {
    const processor = track(new CommandProcessor({ ...tallySpec, kafka, service, sessionTimeoutMs: 6_000, ...options }));
    await processor.start();
    return processor;
  };
  const startClient = async (service: string) => {
    const client = track(new TopicCommandClient<TallyCommand>({ kafka, service, commands: tallySpec.commands, timeoutMs: 60_000 }));
    await client.start();
    return client;
  };
  const logOf = async (service: string) => auditEventLog(await readTopicToEnd(kafka, serviceTopicNames(service).events));

  it('keeps versions gapless under 200 concurrent, conflicting commands on one aggregate from several clients', async () => {
    const service = await newService();
    const processor = await startProcessor(service);
    const clients = await Promise.all([1, 2, 3, 4].map(() => startClient(service)));

    // half carry an expected version that is mostly stale by the time they are decided; every
    // tenth asks for more than a tally takes and is refused by the rule
    const commands = Array.from({ length: 200 }, (_, i) =>
      tallyCommand('tally-1', i % 10 === 9 ? 101 : 1, i % 2 === 0 ? { expectedVersion: i % 7 } : {}),
    );
    const outcomes = await Promise.all(commands.map((command, i) => clients[i % clients.length]!.send(command)));

    const by = (status: string) => outcomes.filter((outcome) => outcome.status === status) as CommandOutcome[];
    expect(outcomes.filter((o) => !['accepted', 'conflict', 'refused'].includes(o.status))).toEqual([]);
    const accepted = by('accepted') as Extract<CommandOutcome, { status: 'accepted' }>[];
    expect(accepted.length).toBeGreaterThanOrEqual(80); // the 80 odd ones without an expected version that the rule takes
    expect(by('conflict').length).toBeGreaterThan(0);
    expect(by('refused').every((o) => o.status === 'refused' && o.code === 'limit_exceeded')).toBe(true);
    expect(accepted.map((o) => o.version).sort((a, b) => a - b)).toEqual(Array.from({ length: accepted.length }, (_, i) => i + 1));

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events.map((e) => e.commandId).sort()).toEqual(accepted.map((o) => o.commandId).sort());

    // group commit: commands that arrive together share a transaction
    expect(processor.stats.commands).toBe(200);
    expect(processor.stats.batches).toBeLessThan(200);
    process.stderr.write(`200 commands: ${accepted.length} accepted, ${by('conflict').length} conflicts, ${by('refused').length} refused, in ${processor.stats.batches} transactions\n`);
  });

  it('applies one command id once, however often and concurrently it is sent', async () => {
    const service = await newService();
    await startProcessor(service);
    const clients = await Promise.all([1, 2, 3].map(() => startClient(service)));
    const command = tallyCommand('tally-1', 7);

    const concurrent = await Promise.all(clients.map((client) => client.send(command)));
    // the same request sent again later, issued at another time: the same request all the same
    const later = [await clients[0]!.send(command), await clients[1]!.send({ ...command, issuedAt: new Date(Date.now() + 60_000).toISOString() })];

    const answers = [...concurrent, ...later];
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ status: 'accepted', commandId: command.commandId, aggregateId: 'tally-1', version: 1 })));
    // another request under the same id is not answered with the first one's outcome
    expect(await clients[1]!.send({ ...command, data: { amount: 99 } })).toEqual({ status: 'reused', commandId: command.commandId, aggregateId: 'tally-1' });
    expect(await clients[2]!.lookUp('tally-1', command.commandId)).toEqual(answers[0]);
    expect(await clients[2]!.lookUp('tally-1', 'never-sent')).toEqual({ status: 'unknown', commandId: 'never-sent', aggregateId: 'tally-1' });

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events.map((e) => [e.commandId, e.aggregateVersion, e.data])).toEqual([[command.commandId, 1, { amount: 7 }]]);
  });

  it('answers each of two different requests sent at once under one id for itself: one decided, the other "reused"', async () => {
    const service = await newService();
    await startProcessor(service);
    const [one, two] = await Promise.all([1, 2].map(() => startClient(service)));
    const command = tallyCommand('tally-1', 7);
    const answers = await Promise.all([one!.send(command), two!.send({ ...command, data: { amount: 8 } })]);

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events).toHaveLength(1);
    // whichever came first was decided; the other request was told its id was taken, not the first one's outcome
    const decided = (log.events[0]?.data as { amount: number }).amount;
    const reused = { status: 'reused', commandId: command.commandId, aggregateId: 'tally-1' };
    const accepted = { status: 'accepted', commandId: command.commandId, aggregateId: 'tally-1', version: 1 };
    expect(answers).toEqual(decided === 7 ? [accepted, reused] : [reused, accepted]);
  });

  it('answers "pending" when the outcome does not come in time, and the look-up gives it later', async () => {
    const service = await newService();
    const client = await startClient(service);
    const command = tallyCommand('tally-1', 3);

    // no processor runs yet: the command waits in its partition
    expect(await client.send(command, { timeoutMs: 500 })).toEqual<PendingCommand>({ status: 'pending', commandId: command.commandId, aggregateId: 'tally-1' });
    await startProcessor(service);
    expect(await client.lookUp('tally-1', command.commandId)).toEqual({ status: 'accepted', commandId: command.commandId, aggregateId: 'tally-1', version: 1 });
  });

  it('fences an owner that lost its partition: its late write never reaches the log', async () => {
    const service = await newService(1);
    const staleLog: string[] = [];
    let releaseStale: () => void = () => undefined;
    let staleIsWaiting: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (staleIsWaiting = resolve));

    // the first owner stops just before it commits, long enough to lose its session
    await startProcessor(service, {
      log: (message) => staleLog.push(message),
      beforeCommit: () => {
        staleIsWaiting();
        return new Promise<void>((resolve) => (releaseStale = resolve));
      },
    });
    const client = await startClient(service);
    const command = tallyCommand('tally-1', 5);
    const answer = client.send(command);
    await waiting;

    // a second instance takes the partition over once the first one's session has expired
    await startProcessor(service);
    expect(await answer).toEqual({ status: 'accepted', commandId: command.commandId, aggregateId: 'tally-1', version: 1 });

    releaseStale();
    for (let waited = 0; !staleLog.includes('partition fenced; pausing it until the next assignment') && waited < 30_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(staleLog).toContain('partition fenced; pausing it until the next assignment');

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events.map((e) => e.commandId)).toEqual([command.commandId]);
  });

  it('starts a partition from its snapshot and the tail of the log', async () => {
    const service = await newService(1);
    const first = await startProcessor(service, { snapshotEvery: 10 });
    const client = await startClient(service);
    for (let round = 0; round < 5; round++) {
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => client.send(tallyCommand(id, 1))));
    }
    await first.stop();

    const loads: Record<string, unknown>[] = [];
    await startProcessor(service, { snapshotEvery: 10, log: (message, fields) => message === 'partition loaded' && loads.push(fields ?? {}) });
    // state survived: the next command of each aggregate expects version 6
    const next = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => client.send(tallyCommand(id, 1, { expectedVersion: 5 }))));
    expect(next.map((o) => o.status === 'accepted' && o.version)).toEqual([6, 6, 6, 6, 6]);

    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ fromSnapshot: true });
    expect(Number(loads[0]?.['eventsReplayed'])).toBeLessThan(25);

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events).toHaveLength(30);
  });

  it('refuses the commands of an aggregate whose history cannot be read, decides the others, and remembers it in snapshots', async () => {
    const service = await newService(1);
    const first = await startProcessor(service);
    const client = await startClient(service);
    expect(await client.send(tallyCommand('gap', 1))).toMatchObject({ status: 'accepted', version: 1 });
    await first.stop();

    // records no owner wrote: garbage under one key, a version 3 after version 1 under another
    const foreign = tallySpec.events.encode({
      eventId: randomUUID(), type: 'Tallied', schemaVersion: 1, aggregateId: 'gap', aggregateVersion: 3, occurredAt: new Date().toISOString(),
      commandId: 'foreign', correlationId: 'foreign', causationId: 'foreign', data: { amount: 1 },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: serviceTopicNames(service).events, messages: [{ key: 'bad', value: Buffer.from([0xff, 0xfe]) }, { key: 'gap', value: foreign }] });
    await producer.disconnect();

    const unreadable = (id: string) => ({ status: 'refused', code: 'history_unreadable', aggregateId: id, message: expect.stringContaining(`the history of ${id} cannot be read: `) });
    const second = await startProcessor(service, { snapshotEvery: 3 });
    expect(await client.send(tallyCommand('bad', 1))).toMatchObject(unreadable('bad'));
    expect(await client.send(tallyCommand('gap', 1))).toMatchObject({ ...unreadable('gap'), message: expect.stringContaining('version 3 follows version 1') });
    // the partition's other aggregates carry on; three events make a snapshot
    for (let i = 1; i <= 3; i++) expect(await client.send(tallyCommand('good', 1))).toMatchObject({ status: 'accepted', version: i });
    await second.stop();

    // from the snapshot, whose checkpoint lies past the foreign records: still refused
    const loads: Record<string, unknown>[] = [];
    await startProcessor(service, { snapshotEvery: 3, log: (message, fields) => message === 'partition loaded' && loads.push(fields ?? {}) });
    expect(await client.send(tallyCommand('bad', 2))).toMatchObject(unreadable('bad'));
    expect(await client.send(tallyCommand('gap', 2))).toMatchObject(unreadable('gap'));
    expect(await client.send(tallyCommand('good', 1))).toMatchObject({ status: 'accepted', version: 4 });
    expect(loads).toEqual([expect.objectContaining({ fromSnapshot: true })]);
  });

  it('keeps every aggregate when snapshots begin over a log written without them', async () => {
    const service = await newService(1);
    const first = await startProcessor(service); // snapshots off
    const client = await startClient(service);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const id of ids) expect(await client.send(tallyCommand(id, 1))).toMatchObject({ status: 'accepted', version: 1 });
    await first.stop();

    // snapshots on: a full load, then three events of one aggregate make the first snapshot
    const second = await startProcessor(service, { snapshotEvery: 3 });
    for (let version = 2; version <= 4; version++) expect(await client.send(tallyCommand('a', 1))).toMatchObject({ status: 'accepted', version });
    await second.stop();

    // started from that snapshot: the aggregates loaded from the log before it are all there
    const loads: Record<string, unknown>[] = [];
    await startProcessor(service, { snapshotEvery: 3, log: (message, fields) => message === 'partition loaded' && loads.push(fields ?? {}) });
    const next = await Promise.all(ids.map((id) => client.send(tallyCommand(id, 1, { expectedVersion: id === 'a' ? 4 : 1 }))));
    expect(next.map((outcome) => outcome.status === 'accepted' && outcome.version)).toEqual([5, 2, 2, 2, 2, 2]);
    expect(loads).toEqual([expect.objectContaining({ fromSnapshot: true })]);
    expect((await logOf(service)).problems).toEqual([]);
  });

  it('decides commands after retention emptied its outcomes and commands partitions (their log start moved past offset 0)', async () => {
    const service = await newService(3);
    const first = await startProcessor(service);
    const client = await startClient(service);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const id of ids) expect(await client.send(tallyCommand(id, 1))).toMatchObject({ status: 'accepted', version: 1 });
    await first.stop();

    // what a quiet partition's 7-day retention does, here with the admin API's delete-records
    const { outcomes, commands } = serviceTopicNames(service);
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of [outcomes, commands]) {
        await admin.fetchTopicMetadata({ topics: [topic] }); // kafkajs finds the leaders in the metadata it holds
        await admin.deleteTopicRecords({ topic, partitions: [0, 1, 2].map((partition) => ({ partition, offset: '-1' })) });
        const offsets = await admin.fetchTopicOffsets(topic);
        expect(offsets.every(({ low, high }) => low === high)).toBe(true);
        expect(offsets.some(({ low }) => low !== '0')).toBe(true);
      }
    } finally {
      await admin.disconnect();
    }

    const stalls: unknown[] = [];
    const processor = await startProcessor(service, { log: (message, fields) => message.startsWith('partition read stalled') && stalls.push(fields) });
    // the events are whole: each aggregate goes on from version 1
    const next = await Promise.all(ids.map((id) => client.send(tallyCommand(id, 1, { expectedVersion: 1 }), { timeoutMs: 45_000 })));
    expect(next.map((outcome) => outcome.status === 'accepted' && outcome.version)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(processor.unloaded).toEqual([]);
    expect(stalls).toEqual([]);
    expect((await logOf(service)).problems).toEqual([]);
  });

  it('loads every partition it is given as soon as it is given, before any command of it arrives, and says which are not loaded yet', async () => {
    const service = await newService(3);
    const first = await startProcessor(service);
    const client = await startClient(service);
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => client.send(tallyCommand(id, 1))));
    await first.stop();

    const loaded: number[] = [];
    const processor = await startProcessor(service, { log: (message, fields) => message === 'partition loaded' && loaded.push(Number(fields?.['partition'])) });
    expect(processor.partitions).toEqual([0, 1, 2]);
    // joined, and the loads under way: none can have finished without a round trip to the broker
    expect(processor.unloaded).toEqual([0, 1, 2]);
    for (const deadline = Date.now() + 60_000; processor.unloaded.length > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processor.unloaded).toEqual([]);
    expect(loaded.sort()).toEqual([0, 1, 2]);
  });

  it('gives up a batch that hangs past its deadline and says so, for the service to exit and be started afresh', async () => {
    const service = await newService(1);
    const losses: GroupLoss[] = [];
    let release: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    try {
      // the commit never comes back, as a call inside kafkajs that never settles
      await startProcessor(service, { batchDeadlineMs: 3_000, beforeCommit: () => hanging, onGroupLost: (loss) => losses.push(loss) });
      const client = await startClient(service);
      expect(await client.send(tallyCommand('tally-1', 1), { timeoutMs: 500 })).toMatchObject({ status: 'pending' });
      for (const deadline = Date.now() + 60_000; losses.length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(losses).toEqual([{ groupId: `${service}.command-processor`, reason: `a batch of ${serviceTopicNames(service).commands}/0 has not finished within 3000 ms` }]);
    } finally {
      release();
    }
  });

  it('stays in its group while a partition pauses after failed commits: the batch of the topic waiting meanwhile heartbeats', async () => {
    // The pause after each failure doubles (0.25, 0.5, 1, 2, 4, 8 s). A batch of the commands topic
    // waits out the last pause inside eachBatch, past the 6 s session. Unattended, the coordinator
    // drops the member (red before: no answer within 60 s); handed back at once instead, kafkajs
    // spends its retries and restarts the consumer (red too: a second assignment).
    const service = await newService(1);
    let failing = 6;
    const logged: string[] = [];
    const losses: GroupLoss[] = [];
    await startProcessor(service, {
      log: (message) => logged.push(message),
      logError: () => undefined,
      onGroupLost: (loss) => losses.push(loss),
      beforeCommit: async () => {
        if (failing-- > 0) throw new Error('the transaction coordinator is not available');
      },
    });
    const client = await startClient(service);

    expect(await client.send(tallyCommand('tally-1', 1))).toMatchObject({ status: 'accepted', version: 1 });
    expect(failing).toBeLessThan(0);
    expect({ assignments: logged.filter((message) => message === 'partitions assigned').length, losses }).toEqual({ assignments: 1, losses: [] });
    expect((await logOf(service)).events).toHaveLength(1);
  });

  it('decides a backlog whose events would not fit in one produce request, all of it', async () => {
    // thousands of commands wait before any owner runs: one fetch of them makes more events and
    // outcomes than the broker takes in one request (message.max.bytes, 1 MB by default)
    const service = await newService(1);
    const commands = Array.from({ length: 6_000 }, (_, i) => tallyCommand(`backlog-${i % 500}`, 1));
    const producer = kafka.producer();
    await producer.connect();
    for (let start = 0; start < commands.length; start += 1_000) {
      await producer.send({ topic: serviceTopicNames(service).commands, messages: commands.slice(start, start + 1_000).map((command) => ({ key: command.aggregateId, value: JSON.stringify(command) })) });
    }
    await producer.disconnect();

    const processor = await startProcessor(service);
    for (const deadline = Date.now() + 120_000; processor.stats.commands < commands.length && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(processor.stats.commands).toBe(commands.length);
    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events).toHaveLength(commands.length);
  });

  describe('commands handed over in-process', () => {
    const value = (command: TallyCommand) => Buffer.from(JSON.stringify(command));

    it('decides them beside the commands of the topic, in group commits, with gapless versions', async () => {
      const service = await newService(1);
      const processor = await startProcessor(service);
      const client = await startClient(service);
      const direct = Array.from({ length: 100 }, () => tallyCommand('tally-1', 1));
      const viaTopic = Array.from({ length: 100 }, () => tallyCommand('tally-1', 1));
      const outcomes = await Promise.all([...direct.map((command) => processor.send(0, value(command))), ...viaTopic.map((command) => client.send(command))]);

      expect(outcomes.filter((outcome) => outcome.status !== 'accepted')).toEqual([]);
      const versions = outcomes.map((outcome) => (outcome.status === 'accepted' ? outcome.version : 0)).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      const log = await logOf(service);
      expect(log.problems).toEqual([]);
      expect(log.events.map((event) => event.commandId).sort()).toEqual([...direct, ...viaTopic].map((command) => command.commandId).sort());
      expect(processor.stats.commands).toBe(200);
      expect(processor.stats.batches).toBeLessThan(200);
    });

    it('reads an aggregate as its owner knows it after the commands before the read, and looks a command up', async () => {
      const service = await newService(1);
      const processor = await startProcessor(service);
      const command = tallyCommand('tally-1', 5);
      const [outcome, state] = await Promise.all([processor.send(0, value(command)), processor.read(0, 'tally-1')]);
      expect(outcome).toEqual({ status: 'accepted', commandId: command.commandId, aggregateId: 'tally-1', version: 1 });
      expect(state).toEqual({ status: 'state', aggregateId: 'tally-1', version: 1, state: { total: 5, count: 1 } });
      expect(await processor.read(0, 'nobody')).toEqual({ status: 'state', aggregateId: 'nobody', version: 0, state: { total: 0, count: 0 } });
      expect(await processor.lookUp(0, 'tally-1', command.commandId)).toEqual(outcome);
      expect(await processor.lookUp(0, 'tally-1', 'never-sent')).toEqual({ status: 'unknown', commandId: 'never-sent', aggregateId: 'tally-1' });
      // a read writes nothing
      expect((await readTopicToEnd(kafka, serviceTopicNames(service).outcomes)).length).toBe(1);
    });

    it('answers the truth after a commit whose answer was lost: reloaded from the log, decided once', async () => {
      const service = await newService(1);
      let lose = 1;
      const errors: string[] = [];
      const processor = await startProcessor(service, {
        logError: (message) => errors.push(message),
        afterCommit: async () => {
          if (lose-- > 0) throw new Error('the answer to EndTxn was lost');
        },
      });
      const commands = Array.from({ length: 10 }, (_, i) => tallyCommand(`tally-${i % 3}`, 1));
      const outcomes = await Promise.all(commands.map((command) => processor.send(0, value(command))));

      expect(outcomes.map((outcome) => outcome.status)).toEqual(commands.map(() => 'accepted'));
      expect(errors).toContain('a batch of commands failed; it is decided again after a reload');
      const log = await logOf(service);
      expect(log.problems).toEqual([]);
      expect(log.events.map((event) => event.commandId).sort()).toEqual(commands.map((command) => command.commandId).sort());
      // each answer is the one the log holds
      for (const outcome of outcomes) {
        const event = log.events.find((logged) => logged.commandId === outcome.commandId);
        expect(outcome).toMatchObject({ aggregateId: event?.aggregateId, version: event?.aggregateVersion });
      }
    });

    it('refuses a partition it does not own, and tells who asks after it lost one', async () => {
      const service = await newService(2);
      const first = await startProcessor(service);
      await expect(first.send(7, value(tallyCommand('x', 1)))).rejects.toThrow('partition 7 is not owned by this instance');
      expect(first.partitions).toEqual([0, 1]);
      const second = await startProcessor(service);
      for (const deadline = Date.now() + 60_000; first.partitions.length !== 1 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
      const [lost] = [0, 1].filter((partition) => !first.partitions.includes(partition));
      expect(second.partitions).toEqual([lost]);
      await expect(first.send(lost!, value(tallyCommand('x', 1)))).rejects.toThrow(`partition ${lost} is not owned by this instance`);
    });
  });
});
