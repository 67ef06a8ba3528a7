import { randomUUID } from 'node:crypto';
import { serviceTopicNames, type CommandCodec, type CommandEnvelope } from '@rewind/contracts';
import { Partitioners, type Admin, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { watchGroupMembership, type GroupLoss } from './group-membership';
import { LOOKUP_COMMAND_TYPE, READ_STATE_TYPE, type CommandOutcome, type CommandReply, type OutcomeRecord, type PendingCommand, type StateReply } from './outcome';

export interface CommandClientOptions<C extends CommandEnvelope> {
  readonly kafka: Kafka;
  readonly service: string;
  /** Commands are validated here before they are sent: bad input never reaches the log. */
  readonly commands: CommandCodec<C>;
  /** How long `send` waits for the outcome before answering "pending". */
  readonly timeoutMs?: number;
  /** Told of every answered `send`: for a latency histogram. */
  readonly observe?: (type: string, status: string, seconds: number) => void;
  /** The outcomes consumer is out of its group for good: no command sent from here gets its answer. */
  readonly onGroupLost?: (loss: GroupLoss) => void;
}

/**
 * Sends commands to a service's command processor and waits for their outcomes. Every client
 * reads the whole outcomes topic from where it stood at start, with a consumer group of its own,
 * and wakes whoever waits for a request id; all waiters of a repeated command id get the answer.
 */
export class CommandClient<C extends CommandEnvelope> {
  private readonly topics: ReturnType<typeof serviceTopicNames>;
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly stopWatching: () => void;
  private readonly waiters = new Map<string, Set<(reply: CommandReply) => void>>();

  constructor(private readonly options: CommandClientOptions<C>) {
    this.topics = serviceTopicNames(options.service);
    this.producer = options.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    const groupId = `${options.service}.command-client.${randomUUID()}`;
    this.consumer = options.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    this.stopWatching = watchGroupMembership(this.consumer, groupId, (loss) => options.onGroupLost?.(loss));
    this.admin = options.kafka.admin();
  }

  /** Resolves once every outcome written from now on will be seen. */
  async start(): Promise<void> {
    await Promise.all([this.producer.connect(), this.consumer.connect(), this.admin.connect()]);
    const ends = await this.admin.fetchTopicOffsets(this.topics.outcomes);
    await this.admin.disconnect();
    const joined = new Promise<void>((resolve) =>
      this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        // a new group would start at "latest" only after its first fetch; seeking to the ends
        // taken before any command was sent leaves no gap for an early outcome to fall into
        for (const { partition, high } of ends) this.consumer.seek({ topic: this.topics.outcomes, partition, offset: high });
        resolve();
      }),
    );
    await this.consumer.subscribe({ topic: this.topics.outcomes, fromBeginning: false });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const record = JSON.parse(message.value?.toString('utf8') ?? 'null') as OutcomeRecord | null;
          if (!record) continue;
          const waiting = this.waiters.get(record.requestId);
          this.waiters.delete(record.requestId);
          waiting?.forEach((wake) => wake(record.reply));
        }
      },
    });
    await joined;
  }

  /**
   * Sends a command and waits for its outcome. After `timeoutMs` it answers `pending`: the command
   * may still be applied, and `lookUp` or sending it again (same command id) gives the final answer.
   */
  async send(command: C, options: { timeoutMs?: number } = {}): Promise<CommandOutcome | PendingCommand> {
    const valid = this.options.commands.validate(command);
    const started = process.hrtime.bigint();
    const reply = this.waitFor(valid.commandId, valid.aggregateId, options.timeoutMs);
    await this.producer.send({ topic: this.topics.commands, messages: [{ key: valid.aggregateId, value: JSON.stringify(valid) }] });
    const outcome = (await reply) as CommandOutcome | PendingCommand;
    this.options.observe?.(valid.type, outcome.status, Number(process.hrtime.bigint() - started) / 1e9);
    return outcome;
  }

  /**
   * Asks the partition's owner what became of a command. The look-up travels behind the command in
   * its partition, so "unknown" means the command never arrived and may safely be sent again.
   */
  async lookUp(aggregateId: string, commandId: string, options: { timeoutMs?: number } = {}): Promise<CommandReply | PendingCommand> {
    const answer = await this.ask(LOOKUP_COMMAND_TYPE, aggregateId, { commandId }, options.timeoutMs);
    return answer.status === 'pending' ? { ...answer, commandId } : answer;
  }

  /** The aggregate's version and state as its owner has them after every command sent before this. */
  async readState<S>(aggregateId: string, options: { timeoutMs?: number } = {}): Promise<StateReply<S> | PendingCommand> {
    return (await this.ask(READ_STATE_TYPE, aggregateId, {}, options.timeoutMs)) as StateReply<S> | PendingCommand;
  }

  private async ask(type: string, aggregateId: string, data: object, timeoutMs: number | undefined): Promise<CommandReply | PendingCommand> {
    const requestId = `${type}/${randomUUID()}`;
    const reply = this.waitFor(requestId, aggregateId, timeoutMs);
    const request = { commandId: requestId, type, aggregateId, issuedAt: new Date().toISOString(), correlationId: requestId, causationId: requestId, data };
    await this.producer.send({ topic: this.topics.commands, messages: [{ key: aggregateId, value: JSON.stringify(request) }] });
    return reply;
  }

  async stop(): Promise<void> {
    this.stopWatching();
    await Promise.all([this.consumer.disconnect(), this.producer.disconnect()]);
  }

  private waitFor(requestId: string, aggregateId: string, timeoutMs = this.options.timeoutMs ?? 5_000): Promise<CommandReply | PendingCommand> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(wake);
        if (waiting.size === 0) this.waiters.delete(requestId);
        resolve({ status: 'pending', commandId: requestId, aggregateId });
      }, timeoutMs);
      const wake = (reply: CommandReply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      const waiting = this.waiters.get(requestId) ?? new Set();
      waiting.add(wake);
      this.waiters.set(requestId, waiting);
    });
  }
}
