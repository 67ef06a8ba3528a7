import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { serviceTopicNames, serviceTopics } from '@rewind/contracts';
import { auditEventLog, createTestTopics, readTopicToEnd, testKafka, testServers, uniqueName } from '@rewind/testing';
import { TopicCommandClient } from './command-client';
import { INTERNAL_COMMANDS_PATH } from './forwarder';
import type { CommandOutcome, PendingCommand, ReusedCommand } from './outcome';
import { partitionOf } from './ownership';
import { tallyCommand, tallySpec, type TallyCommand } from './testing/tally';
import { startTallyInstance, type TallyInstance, type TallyInstanceOptions } from './testing/tally-instance';
import { TallyProcess } from './testing/tally-process';

type Answer = CommandOutcome | ReusedCommand | PendingCommand;

// Two (or more) instances of a service, each a processor with its router and HTTP server: a
// command sent to either goes straight to the owner of its partition, decided in-process there or
// forwarded to it. The guarantees of the topic path hold through this one too.
describe('commands straight to the owner of their partition', () => {
  const kafka = testKafka(uniqueName('router-it'));
  const running: { stop(): Promise<void> }[] = [];
  const processes: TallyProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((thing) => thing.stop().catch(() => undefined)));
    await Promise.all(processes.splice(0).map((child) => child.kill('SIGKILL')));
  });

  const newService = async (partitions = 6) => {
    const service = uniqueName('tally');
    await createTestTopics(serviceTopics(service, partitions));
    return service;
  };
  const start = async (service: string, options: TallyInstanceOptions = {}) => {
    const instance = await startTallyInstance(kafka, service, options);
    running.push(instance);
    return instance;
  };
  /** Until every partition has one owner among the instances, and each router knows them all. */
  const settled = async (instances: readonly TallyInstance[], partitions = 6) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
      const owned = instances.flatMap((instance) => instance.processor.partitions).sort((a, b) => a - b);
      if (owned.length === partitions && new Set(owned).size === partitions && instances.every((instance) => instance.processor.partitions.length > 0)) return;
    }
    throw new Error(`the partitions never settled: ${instances.map((instance) => JSON.stringify(instance.processor.partitions)).join(' ')}`);
  };
  const logOf = async (service: string) => auditEventLog(await readTopicToEnd(kafka, serviceTopicNames(service).events));
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('puts an aggregate in the partition the producer puts its records in', async () => {
    const topic = uniqueName('partitioner');
    await createTestTopics([{ name: topic, partitions: 6, configs: {} }]);
    const producer = kafka.producer();
    await producer.connect();
    try {
      const keys = Array.from({ length: 200 }, (_, i) => `order-${i}-${randomBytes(4).toString('hex')}`);
      const written = await Promise.all(keys.map(async (key) => (await producer.send({ topic, messages: [{ key, value: 'x' }] }))[0]?.partition));
      expect(keys.map((key) => partitionOf(key, 6))).toEqual(written);
    } finally {
      await producer.disconnect();
    }
  });

  it('decides a command sent to either instance, in-process at its owner or forwarded to it, and reads and looks it up through either', async () => {
    const service = await newService();
    const [a, b] = [await start(service), await start(service)];
    await settled([a!, b!]);

    const commands = Array.from({ length: 60 }, (_, i) => tallyCommand(`tally-${i % 12}`, 1));
    const outcomes = await Promise.all(commands.map((command, i) => (i % 2 === 0 ? a! : b!).router.send(command)));
    expect(outcomes.filter((outcome) => outcome.status !== 'accepted')).toEqual([]);

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events.map((event) => event.commandId).sort()).toEqual(commands.map((command) => command.commandId).sort());
    // half of them went through the instance that does not own the aggregate's partition
    const forwarded = commands.filter((command, i) => !(i % 2 === 0 ? a! : b!).processor.partitions.includes(partitionOf(command.aggregateId, 6)));
    expect(forwarded.length).toBeGreaterThan(0);
    // those waiting for one owner together went in one request
    expect(a!.internalRequests() + b!.internalRequests()).toBeLessThan(forwarded.length);

    for (const instance of [a!, b!]) {
      expect(await instance.router.readState('tally-0')).toEqual({ status: 'state', aggregateId: 'tally-0', version: 5, state: { total: 5, count: 5 } });
      expect(await instance.router.lookUp(commands[0]!.aggregateId, commands[0]!.commandId)).toEqual(outcomes[0]);
    }
  });

  it('applies one command id once when it is sent to two instances at once, one of them forwarding it', async () => {
    const service = await newService();
    const [a, b] = [await start(service), await start(service)];
    await settled([a!, b!]);
    const client = new TopicCommandClient<TallyCommand>({ kafka, service, commands: tallySpec.commands, timeoutMs: 30_000 });
    running.push(client);
    await client.start();

    const commands = Array.from({ length: 30 }, (_, i) => tallyCommand(`tally-${i % 6}`, 1 + (i % 5)));
    // each one three times at once: through each instance and through the commands topic
    const answers = await Promise.all(commands.map((command) => Promise.all([a!.router.send(command), b!.router.send(command), client.send(command)])));
    for (const [index, trio] of answers.entries()) {
      expect(trio[0]).toMatchObject({ status: 'accepted', commandId: commands[index]!.commandId });
      expect(trio).toEqual([trio[0], trio[0], trio[0]]);
    }
    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events.map((event) => event.commandId).sort()).toEqual(commands.map((command) => command.commandId).sort());
  });

  it('keeps versions gapless and answers stale expected versions with conflicts, whichever way the commands come', async () => {
    const service = await newService();
    const [a, b] = [await start(service), await start(service)];
    await settled([a!, b!]);
    const client = new TopicCommandClient<TallyCommand>({ kafka, service, commands: tallySpec.commands, timeoutMs: 30_000 });
    running.push(client);
    await client.start();

    const commands = Array.from({ length: 150 }, (_, i) => tallyCommand('contended', 1, i % 2 === 0 ? { expectedVersion: i % 9 } : {}));
    const senders = [(c: TallyCommand) => a!.router.send(c), (c: TallyCommand) => b!.router.send(c), (c: TallyCommand) => client.send(c)];
    const outcomes = await Promise.all(commands.map((command, i) => senders[i % 3]!(command)));

    expect(outcomes.filter((outcome) => outcome.status !== 'accepted' && outcome.status !== 'conflict')).toEqual([]);
    const accepted = outcomes.flatMap((outcome) => (outcome.status === 'accepted' ? [outcome] : []));
    expect(accepted.map((outcome) => outcome.version).sort((x, y) => x - y)).toEqual(Array.from({ length: accepted.length }, (_, i) => i + 1));
    expect(accepted.length).toBeGreaterThanOrEqual(75); // every command without an expected version
    for (const conflict of outcomes.filter((outcome) => outcome.status === 'conflict')) {
      expect(conflict).toMatchObject({ expectedVersion: expect.any(Number), actualVersion: expect.any(Number) });
    }
    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events.map((event) => event.commandId).sort()).toEqual(accepted.map((outcome) => outcome.commandId).sort());
  });

  it('answers each caller with its real outcome or "pending" through a rebalance while commands are queued, never a false one', async () => {
    const service = await newService();
    const a = await start(service, { timeoutMs: 20_000 });
    await settled([a]);
    const commands = Array.from({ length: 400 }, (_, i) => tallyCommand(`tally-${i % 24}`, 1));
    const answers: Answer[] = [];
    let second: TallyInstance | undefined;
    // 40 callers at a time through the first instance while a second one joins and takes half the partitions
    const queue = [...commands];
    const caller = async () => {
      for (let command = queue.shift(); command; command = queue.shift()) answers.push(await a.router.send(command));
    };
    await Promise.all([
      ...Array.from({ length: 40 }, caller),
      (async () => {
        while (queue.length > 300) await sleep(10);
        second = await start(service, { timeoutMs: 20_000 });
      })(),
    ]);
    await settled([a, second!]);
    expect(second!.processor.partitions.length).toBeGreaterThan(0);

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    const logged = new Map(log.events.map((event) => [event.commandId, event]));
    expect(logged.size).toBe(log.events.length); // no command applied twice
    for (const answer of answers) {
      if (answer.status === 'pending') continue; // retriable: sent again, it is decided once
      expect(answer.status).toBe('accepted');
      // the answer is the truth the log holds: that command's event, at that version
      expect(logged.get(answer.commandId)).toMatchObject({ aggregateId: answer.aggregateId, aggregateVersion: (answer as { version: number }).version });
    }
    // every command that was answered "pending" is decided when sent again
    const pending = answers.filter((answer) => answer.status === 'pending').map((answer) => commands.find((command) => command.commandId === answer.commandId)!);
    const again = await Promise.all(pending.map((command) => second!.router.send(command)));
    expect(again.filter((answer) => answer.status !== 'accepted')).toEqual([]);
    expect((await logOf(service)).events.map((event) => event.commandId).sort()).toEqual(commands.map((command) => command.commandId).sort());
    process.stderr.write(`rebalance under load: ${answers.length} answers, ${pending.length} pending\n`);
  });

  it('refuses a caller without the internal credential (401), and a request for a partition it does not own (421)', async () => {
    const service = await newService();
    const internalToken = randomBytes(32).toString('hex');
    const [a, b] = [await start(service, { internalToken }), await start(service, { internalToken })];
    await settled([a!, b!]);
    const command = tallyCommand('tally-1', 1);
    const notMine = a!.processor.partitions.includes(partitionOf(command.aggregateId, 6)) ? b! : a!;
    const request = { kind: 'command', command, timeoutMs: 5_000 };

    expect(await post(`${notMine.url}${INTERNAL_COMMANDS_PATH}`, request)).toEqual({ status: 401, body: { kind: 'unauthorized' } });
    expect(await post(`${notMine.url}${INTERNAL_COMMANDS_PATH}`, request, { authorization: 'Bearer not-the-token' })).toEqual({ status: 401, body: { kind: 'unauthorized' } });
    expect(await post(`${notMine.url}${INTERNAL_COMMANDS_PATH}`, request, { authorization: `Bearer ${internalToken}` })).toEqual({
      status: 421,
      body: { kind: 'not-owner', partition: partitionOf(command.aggregateId, 6) },
    });
    // nothing of it was decided
    expect((await logOf(service)).events).toEqual([]);
  });

  it('gives no success and writes no event when a paused owner that lost its partitions gets commands: the owner it lost them to answers', async () => {
    const service = await newService();
    const internalToken = randomBytes(32).toString('hex');
    const stale = new TallyProcess(testServers().kafkaBrokers, service, { INTERNAL_TOKEN: internalToken });
    processes.push(stale);
    const staleUrl = await stale.started();
    await stale.until((line) => line['message'] === 'partitions assigned' && (line['partitions'] as number[]).length === 6);
    // an owner with everything in hand: fenced, loaded, sure of itself
    for (let partition = 0; partition < 6; partition++) await stale.until((line) => line['message'] === 'partition loaded' && line['partition'] === partition);

    // frozen past its 6 s session: the group gives every partition to the other instance, which fences it
    stale.signal('SIGSTOP');
    const current = await start(service, { internalToken });
    await settled([current]);
    const before = tallyCommand('tally-1', 1);
    expect(await current.router.send(before)).toMatchObject({ status: 'accepted', version: 1 });

    // commands reach the frozen owner before it wakes: it still believes it owns every partition
    const late = Array.from({ length: 6 }, (_, i) => tallyCommand(`tally-${i}`, 1));
    const direct = late.slice(0, 3).map((command) => post(`${staleUrl}${INTERNAL_COMMANDS_PATH}`, { kind: 'command', command, timeoutMs: 15_000 }, { authorization: `Bearer ${internalToken}` }));
    const routed = late.slice(3).map((command) => post(`${staleUrl}/send`, command));
    await sleep(500);
    stale.signal('SIGCONT');

    // handed straight to it, it answers that it does not own the partition: nothing decided, nothing written
    for (const answer of await Promise.all(direct)) expect(answer).toMatchObject({ status: 421, body: { kind: 'not-owner' } });
    // through its router, it finds the owner (the current one, or itself again once the group has
    // given it partitions back): the answer is true
    const answers = (await Promise.all(routed)).map((answer) => answer.body);
    expect(answers.map((answer) => answer['status'])).toEqual(['accepted', 'accepted', 'accepted']);

    const log = await logOf(service);
    expect(log.problems).toEqual([]);
    expect(log.events.map((event) => event.commandId).sort()).toEqual([before, ...late.slice(3)].map((command) => command.commandId).sort());
    for (const answer of answers) expect(log.events.find((event) => event.commandId === answer['commandId'])).toMatchObject({ aggregateVersion: answer['version'] });
  });
});
