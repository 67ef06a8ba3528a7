// the fixes to kafkajs hold wherever the event store's clients are made
import './kafkajs-fixes';
import { randomUUID } from 'node:crypto';
import { serviceTopicNames, type CommandCodec, type CommandEnvelope } from '@rewind/contracts';
import { Partitioners, type Admin, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { withinDeadline } from './deadline';
import { commandFingerprint } from './fingerprint';
import { watchGroupMembership, type GroupLoss } from './group-membership';
import { LOOKUP_COMMAND_TYPE, READ_STATE_TYPE, type CommandOutcome, type CommandReply, type OutcomeRecord, type PendingCommand, type ReusedCommand, type StateReply } from './outcome';

export interface TopicCommandClientOptions<C extends CommandEnvelope> {
  readonly kafka: Kafka;
  readonly service: string;
  /** Commands are validated here before they are sent: bad input never reaches the log. */
  readonly commands: CommandCodec<C>;
  /** How long `send` waits for the outcome before answering "pending". */
  readonly timeoutMs?: number;
  /**
   * How long handing a request to Kafka may take before `send` (or a look-up) fails with a
   * retriable EventStoreError; the producer is then replaced. Default 10 s.
   */
  readonly sendDeadlineMs?: number;
  /** Told of every answered `send`: for a latency histogram. */
  readonly observe?: (type: string, status: string, seconds: number) => void;
  /** The outcomes consumer is out of its group for good: no command sent from here gets its answer. */
  readonly onGroupLost?: (loss: GroupLoss) => void;
}

/**
 * What a service's HTTP layer asks of its event store: send a command and wait for its outcome,
 * look up what became of one, read an aggregate as its owner knows it. Each answers `pending` when
 * no answer came in time. CommandRouter does it directly with the owner of the aggregate's
 * partition; TopicCommandClient through the commands and outcomes topics.
 */
export interface CommandClient<C extends CommandEnvelope> {
  send(command: C, options?: { timeoutMs?: number }): Promise<CommandOutcome | ReusedCommand | PendingCommand>;
  lookUp(aggregateId: string, commandId: string, options?: { timeoutMs?: number }): Promise<CommandReply | PendingCommand>;
  readState<S>(aggregateId: string, options?: { timeoutMs?: number }): Promise<StateReply<S> | PendingCommand>;
}

/**
 * Sends commands to a service's command processor through its commands topic, and waits for their
 * outcomes on its outcomes topic: the way in for any process that is not an instance of the
 * service. Every client reads the whole outcomes topic from where it stood at start, with a
 * consumer group of its own, and wakes whoever waits for a request id; all waiters of a repeated
 * command id get the answer.
 */
export class TopicCommandClient<C extends CommandEnvelope> implements CommandClient<C> {
  private readonly topics: ReturnType<typeof serviceTopicNames>;
  /** Connected (or connecting); replaced by a fresh one after a send that missed its deadline or a failed connect. */
  private producer: Promise<Producer> | undefined;
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly stopWatching: () => void;
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(private readonly options: TopicCommandClientOptions<C>) {
    this.topics = serviceTopicNames(options.service);
    const groupId = `${options.service}.command-client.${randomUUID()}`;
    this.consumer = options.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    this.stopWatching = watchGroupMembership(this.consumer, groupId, (loss) => options.onGroupLost?.(loss));
    this.admin = options.kafka.admin();
  }

  /** Resolves once every outcome written from now on will be seen. */
  async start(): Promise<void> {
    await Promise.all([this.connectedProducer(), this.consumer.connect(), this.admin.connect()]);
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
          // two requests may carry one id: each takes only the reply to its own (a reply from before
          // fingerprints, and a waiter without one, take any)
          for (const waiter of waiting ?? []) {
            if (waiter.fingerprint !== undefined && record.fingerprint !== undefined && waiter.fingerprint !== record.fingerprint) continue;
            waiting?.delete(waiter);
            waiter.wake(record.reply);
          }
          if (waiting?.size === 0) this.waiters.delete(record.requestId);
        }
      },
    });
    await joined;
  }

  /**
   * Sends a command and waits for its outcome. After `timeoutMs` it answers `pending`: the command
   * may still be applied, and `lookUp` or sending it again (same command id) gives the final answer.
   */
  async send(command: C, options: { timeoutMs?: number } = {}): Promise<CommandOutcome | ReusedCommand | PendingCommand> {
    const valid = this.options.commands.validate(command);
    const started = process.hrtime.bigint();
    const value = JSON.stringify(valid);
    // of the record as the owner reads it back
    const reply = this.waitFor(valid.commandId, valid.aggregateId, options.timeoutMs, commandFingerprint(JSON.parse(value) as C));
    await this.produce(valid.aggregateId, value, `command ${valid.commandId}`, reply.cancel);
    const outcome = (await reply.answer) as CommandOutcome | ReusedCommand | PendingCommand;
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
    await this.produce(aggregateId, JSON.stringify(request), `request ${requestId}`, reply.cancel);
    return reply.answer;
  }

  async stop(): Promise<void> {
    this.stopWatching();
    const producer = this.producer;
    this.producer = undefined;
    await Promise.all([this.consumer.disconnect(), producer?.then((connected) => connected.disconnect()).catch(() => undefined)]);
  }

  /**
   * Hands one record to Kafka within the deadline. The fault suite saw kafkajs calls that never
   * settle after connections were cut; a send waiting on one would hold its HTTP request for good.
   * After a missed deadline the producer is not trusted again: the next send connects a fresh one.
   */
  private async produce(key: string, value: string, what: string, giveUp: () => void): Promise<void> {
    const producer = this.connectedProducer();
    const sent = producer.then((connected) => connected.send({ topic: this.topics.commands, messages: [{ key, value }] }));
    sent.catch(() => undefined); // settled either way: a late failure of an abandoned send is not unhandled
    try {
      await withinDeadline(sent, this.options.sendDeadlineMs ?? 10_000, `sending ${what} to ${this.topics.commands}`, () => {
        if (this.producer !== producer) return;
        this.producer = undefined;
        void producer.then((stale) => stale.disconnect()).catch(() => undefined);
      });
    } catch (error) {
      giveUp(); // nobody waits for the answer of a request that failed to go
      throw error;
    }
  }

  /** The producer, connecting one if there is none; one whose connect failed is forgotten, for the next send to try again. */
  private connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    const connecting = producer.connect().then(() => producer);
    connecting.catch(() => {
      if (this.producer === connecting) this.producer = undefined;
    });
    this.producer = connecting;
    return connecting;
  }

  /** Waits for the reply to a request: `answer` is it, or `pending` after the timeout; `cancel` stops waiting. */
  private waitFor(
    requestId: string,
    aggregateId: string,
    timeoutMs = this.options.timeoutMs ?? 5_000,
    fingerprint?: string,
  ): { answer: Promise<CommandReply | PendingCommand>; cancel: () => void } {
    const waiting = this.waiters.get(requestId) ?? new Set<Waiter>();
    this.waiters.set(requestId, waiting);
    let timer: NodeJS.Timeout | undefined;
    let waiter: Waiter | undefined;
    const forget = () => {
      clearTimeout(timer);
      if (waiter) waiting.delete(waiter);
      if (waiting.size === 0 && this.waiters.get(requestId) === waiting) this.waiters.delete(requestId);
    };
    const answer = new Promise<CommandReply | PendingCommand>((resolve) => {
      timer = setTimeout(() => {
        forget();
        resolve({ status: 'pending', commandId: requestId, aggregateId });
      }, timeoutMs);
      waiter = {
        fingerprint,
        wake: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      };
      waiting.add(waiter);
    });
    return { answer, cancel: forget };
  }
}

/** Someone waiting for the reply to a request id: for a command, to the request with this fingerprint. */
interface Waiter {
  readonly fingerprint: string | undefined;
  readonly wake: (reply: CommandReply) => void;
}
