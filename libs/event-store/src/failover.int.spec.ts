import { setTimeout as sleep } from 'node:timers/promises';
import { serviceTopicNames, serviceTopics } from '@rewind/contracts';
import { auditEventLog, createTestTopics, readTopicToEnd, testKafka, testServers, uniqueName } from '@rewind/testing';
import { TopicCommandClient } from './command-client';
import type { CommandOutcome, PendingCommand, ReusedCommand } from './outcome';
import { tallyCommand, tallySpec, type TallyCommand } from './testing/tally';
import { TallyProcess } from './testing/tally-process';

describe('two instances of a service in one group', () => {
  const instances: TallyProcess[] = [];
  let client: TopicCommandClient<TallyCommand> | undefined;
  afterEach(async () => {
    await client?.stop();
    await Promise.all(instances.filter((i) => i.alive).map((i) => i.kill('SIGTERM')));
  });

  it('lose and double nothing when one is SIGKILLed under load, restarted, and the group rebalances back', async () => {
    const service = uniqueName('tally');
    await createTestTopics(serviceTopics(service, 6));
    const kafka = testKafka(uniqueName('failover-it'));
    const start = () => {
      const instance = new TallyProcess(testServers().kafkaBrokers, service);
      instances.push(instance);
      return instance;
    };
    const [first, second] = [start(), start()];
    await Promise.all([first, second].map((i) => i.until((line) => line['message'] === 'started')));
    client = new TopicCommandClient<TallyCommand>({ kafka, service, commands: tallySpec.commands, timeoutMs: 15_000 });
    await client.start();

    const aggregates = Array.from({ length: 20 }, (_, i) => `tally-${i}`);
    const commands = Array.from({ length: 30 }, () => aggregates.map((id) => tallyCommand(id, 1))).flat();
    let done = 0;
    let pendingAnswers = 0;
    let restarted: TallyProcess | undefined;

    // a caller that gets no answer in time sends the same command again: that is always safe
    const sendUntilAnswered = async (command: TallyCommand): Promise<CommandOutcome | ReusedCommand> => {
      for (let attempt = 1; ; attempt++) {
        const outcome: CommandOutcome | ReusedCommand | PendingCommand = await client!.send(command);
        if (outcome.status !== 'pending') return outcome;
        pendingAnswers += 1;
        if (attempt === 10) throw new Error(`${command.commandId} still pending after 10 attempts`);
      }
    };
    const chaos = async () => {
      while (done < 200) await sleep(20);
      await first.kill('SIGKILL');
      while (done < 400) await sleep(20);
      restarted = start();
      await restarted.until((line) => line['message'] === 'started');
    };

    const queue = [...commands];
    const outcomes: (CommandOutcome | ReusedCommand)[] = [];
    const worker = async () => {
      for (let command = queue.shift(); command; command = queue.shift()) {
        outcomes.push(await sendUntilAnswered(command));
        done += 1;
      }
    };
    await Promise.all([chaos(), ...Array.from({ length: 20 }, worker)]);

    // every command was answered, and accepted exactly once
    expect(outcomes.filter((o) => o.status !== 'accepted')).toEqual([]);
    expect(new Set(outcomes.map((o) => o.commandId)).size).toBe(commands.length);

    const log = auditEventLog(await readTopicToEnd(kafka, serviceTopicNames(service).events));
    expect(log.problems).toEqual([]);
    expect(log.events.map((e) => e.commandId).sort()).toEqual(commands.map((c) => c.commandId).sort());
    for (const id of aggregates) expect(log.byAggregate.get(id)?.length).toBe(30);

    // the restarted instance got partitions back, and the survivor had taken over the killed one's
    const assignedTo = (instance: TallyProcess | undefined) =>
      (instance?.lines ?? []).filter((l) => l['message'] === 'partitions assigned').map((l) => l['partitions'] as number[]);
    expect(assignedTo(restarted).some((partitions) => partitions.length > 0)).toBe(true);
    expect(assignedTo(second).some((partitions) => partitions.length === 6)).toBe(true);
    process.stderr.write(`failover: ${commands.length} commands, ${pendingAnswers} answered "pending" and were sent again\n`);
  });
});
