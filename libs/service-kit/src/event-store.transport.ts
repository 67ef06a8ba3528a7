import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { DEAD_LETTER_TOPIC, serviceTopicNames, type CommandCodec, type CommandEnvelope, type EventCodec, type EventEnvelope } from '@rewind/contracts';
import { DeadLetterQueue, type DeadLetter, type SourceRecord } from '@rewind/dead-letters';
import type { Decider, Decision, DomainEvent } from '@rewind/decider';
import { CommandProcessor } from '@rewind/event-store';
import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';

/** What a command handler gets besides the command: the aggregate's state as its owner knows it. */
export class CommandContext<S> extends BaseRpcContext<[state: S]> {
  get state(): S {
    return this.getArgByIndex(0) as S;
  }
}

export interface EventStoreTransportOptions<C extends CommandEnvelope, E extends DomainEvent, S> {
  readonly kafka: Kafka;
  /** The service whose event store this serves; its command handler is `@MessagePattern(<service>.commands)`. */
  readonly service: string;
  /** The state side of the decider; the decision comes from the `@MessagePattern` handler. */
  readonly decider: Omit<Decider<C, E, S>, 'decide'>;
  readonly events: EventCodec<EventEnvelope>;
  readonly commands: CommandCodec<C>;
  /** The codecs of the topics that `@EventPattern(<topic>)` handlers react to. */
  readonly reactsTo?: Readonly<Record<string, EventCodec<EventEnvelope>>>;
  readonly snapshotEvery?: number;
  readonly sessionTimeoutMs?: number;
  /**
   * Prefixed to every topic, group and transactional id, so that several Rewind installations (or
   * test suites) can share one cluster. Handlers keep naming the topics without it.
   */
  readonly namespace?: string;
}

/**
 * A Nest transport over Rewind's event store. The service's command handler is declared with
 * `@MessagePattern('<service>.commands')` and returns the decision for `(command, ctx.state)`; the
 * transport runs it inside the single-writer machinery. Saga reactions are declared with
 * `@EventPattern('<other>.events')`, receive each decoded event, and return the commands the service
 * issues to itself; their ids are derived from the triggering event, so a redelivery is harmless.
 * An event a reaction cannot decode, or whose reaction throws or issues an invalid command, goes to
 * the dead-letter topic with the reason; the later events of its key wait there behind it.
 */
export class EventStoreTransport<C extends CommandEnvelope, E extends DomainEvent, S> extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('event-store');
  private processor: CommandProcessor<C, E, S> | undefined;
  private reactions: { consumer: Consumer; producer: Producer; deadLetters: DeadLetterQueue } | undefined;

  constructor(private readonly options: EventStoreTransportOptions<C, E, S>) {
    super();
  }

  get commandProcessor(): CommandProcessor<C, E, S> | undefined {
    return this.processor;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.startProcessor();
      await this.startReactions();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.reactions?.consumer.disconnect();
    await this.reactions?.producer.disconnect();
    await this.reactions?.deadLetters.stop();
    await this.processor?.stop();
  }

  on(): never {
    throw new Error('the event store transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.processor as T;
  }

  private async startProcessor(): Promise<void> {
    const pattern = serviceTopicNames(this.options.service).commands;
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no @MessagePattern('${pattern}') handler: the service cannot decide its commands`);
    this.processor = new CommandProcessor<C, E, S>({
      kafka: this.options.kafka,
      service: `${this.options.namespace ?? ''}${this.options.service}`,
      events: this.options.events,
      commands: this.options.commands,
      snapshotEvery: this.options.snapshotEvery,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      log: (message, fields) => this.log.log({ message, ...fields }),
      decider: {
        initialState: this.options.decider.initialState,
        evolve: (state, event) => this.options.decider.evolve(state, event),
        decide: async (command, state) => lastValueFrom(this.transformToObservable(await handler(command, new CommandContext<S>([state])))) as Promise<Decision<E>>,
      },
    });
    await this.processor.start();
  }

  private async startReactions(): Promise<void> {
    const topics = [...this.messageHandlers.entries()].filter(([, handler]) => handler.isEventHandler).map(([pattern]) => pattern);
    if (topics.length === 0) return;
    const codecs = this.options.reactsTo ?? {};
    const missing = topics.filter((topic) => !codecs[topic]);
    if (missing.length > 0) throw new Error(`no codec for the reactions to ${missing.join(', ')}`);

    const { kafka } = this.options;
    const namespace = this.options.namespace ?? '';
    const service = `${namespace}${this.options.service}`;
    const groupId = `${service}.reactions`;
    const consumer = kafka.consumer({ groupId, sessionTimeout: this.options.sessionTimeoutMs ?? 30_000, maxWaitTimeInMs: 100 });
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    const deadLetters = new DeadLetterQueue({ kafka, topic: `${namespace}${DEAD_LETTER_TOPIC}`, consumer: groupId });
    this.reactions = { consumer, producer, deadLetters };
    // partitions may have moved: their dead letters, written by another instance, are read again
    consumer.on(consumer.events.GROUP_JOIN, () => deadLetters.invalidate());
    await Promise.all([consumer.connect(), producer.connect(), deadLetters.start()]);
    for (const topic of topics) await consumer.subscribe({ topic: `${namespace}${topic}`, fromBeginning: true });
    const commandsTopic = serviceTopicNames(service).commands;

    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const topic = batch.topic.slice(namespace.length);
        const codec = codecs[topic];
        const handler = this.getHandlerByPattern(topic);
        if (!codec || !handler) return;
        await deadLetters.ready();
        const commands: C[] = [];
        const letters: DeadLetter[] = [];
        const giveUp = (record: SourceRecord, reason: string) => {
          const letter = deadLetters.deadLetter(record, reason);
          if (letter) letters.push(letter);
          this.log.warn({ message: 'event dead-lettered', topic: batch.topic, partition: batch.partition, offset: record.offset, reason: letter?.reason ?? reason });
        };
        let handled: string | undefined;
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          handled = message.offset;
          const record: SourceRecord = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers };
          if (deadLetters.heldBehind(record)) {
            giveUp(record, 'held');
            continue;
          }
          let event: EventEnvelope;
          try {
            event = codec.decode(message.value);
          } catch (error) {
            giveUp(record, `undecodable: ${errorText(error)}`);
            continue;
          }
          try {
            const issued = await lastValueFrom(this.transformToObservable(await handler(event, new BaseRpcContext([topic]))), { defaultValue: [] });
            // all of an event's commands or none of them
            commands.push(...((issued ?? []) as C[]).map((command) => this.options.commands.validate(command)));
          } catch (error) {
            giveUp(record, `reaction failed: ${errorText(error)}`);
          }
        }
        // the dead letters are in their topic before the offsets that pass their records are committed
        await deadLetters.write(letters);
        if (commands.length > 0) {
          await producer.send({
            topic: commandsTopic,
            messages: commands.map((command) => ({ key: command.aggregateId, value: JSON.stringify(command) })),
          });
        }
        // the commands are in the log before the trigger counts as handled: at least once, and
        // their deterministic ids make the second time a no-op
        if (handled !== undefined) resolveOffset(handled);
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  }
}

/**
 * The command a reaction issues for a triggering event. Everything that identifies it comes from
 * the event, so the same event always yields the same command — with the same id.
 */
export function reactionCommand<T extends string, D>(trigger: EventEnvelope, command: { type: T; aggregateId: string; data: D }) {
  return {
    commandId: `${trigger.eventId}:${command.type}`,
    type: command.type,
    aggregateId: command.aggregateId,
    issuedAt: trigger.occurredAt,
    correlationId: trigger.correlationId,
    causationId: trigger.eventId,
    data: command.data,
  };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
