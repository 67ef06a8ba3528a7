import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { serviceTopicNames, type CommandCodec, type CommandEnvelope, type EventCodec, type EventEnvelope } from '@rewind/contracts';
import type { Decider, Decision, DomainEvent } from '@rewind/decider';
import { CommandProcessor, type AdvertisedMember, type GroupLoss } from '@rewind/event-store';
import type { Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { SagaReactions, type Reaction } from './reactions';

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
  /** Where the partitions' stores live; unset: a temporary directory per start. */
  readonly stateDir?: string | undefined;
  /** How many aggregates the instance keeps in memory. */
  readonly cacheEntries?: number;
  /** How long a command's outcome is remembered under its id. */
  readonly idempotencyWindowMs?: number;
  readonly sessionTimeoutMs?: number;
  /**
   * How long a batch of the command processor or the reactions may take before the service is told
   * (onGroupLost) to exit for its supervisor; default 6 × the session timeout.
   */
  readonly batchDeadlineMs?: number;
  /**
   * Prefixed to every topic, group and transactional id, so that several Rewind installations (or
   * test suites) can share one cluster. Handlers keep naming the topics without it.
   */
  readonly namespace?: string;
  /** A consumer of the processor or the reactions is out of its group for good, or a batch of theirs hangs. */
  readonly onGroupLost?: (loss: GroupLoss) => void;
  /**
   * How the service's other instances reach this one, published in the command processor's group
   * (asked when the processor starts, once the HTTP server listens); without it nothing is forwarded here.
   */
  readonly advertise?: () => Omit<AdvertisedMember, 'owned'>;
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
  private reactions: SagaReactions<C> | undefined;

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
    await this.reactions?.stop();
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
      ...(this.options.stateDir === undefined ? {} : { stateDir: this.options.stateDir }),
      cacheEntries: this.options.cacheEntries,
      idempotencyWindowMs: this.options.idempotencyWindowMs,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      batchDeadlineMs: this.options.batchDeadlineMs,
      log: (message, fields) => this.log.log({ message, ...fields }),
      logError: (message, fields) => this.log.error({ message, ...fields }),
      ...(this.options.onGroupLost ? { onGroupLost: this.options.onGroupLost } : {}),
      ...(this.options.advertise ? { advertise: this.options.advertise() } : {}),
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

    const namespace = this.options.namespace ?? '';
    const service = `${namespace}${this.options.service}`;
    const reaction = (topic: string): Reaction => ({
      codec: codecs[topic] as EventCodec<EventEnvelope>,
      react: async (event) => {
        const handler = this.getHandlerByPattern(topic);
        if (!handler) return [];
        return ((await lastValueFrom(this.transformToObservable(await handler(event, new BaseRpcContext([topic]))), { defaultValue: [] })) ?? []) as unknown[];
      },
    });
    this.reactions = new SagaReactions<C>({
      kafka: this.options.kafka,
      namespace,
      service,
      commandsTopic: serviceTopicNames(service).commands,
      commands: this.options.commands,
      reactions: new Map(topics.map((topic) => [topic, reaction(topic)])),
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      batchDeadlineMs: this.options.batchDeadlineMs,
      log: this.log,
      ...(this.options.onGroupLost ? { onGroupLost: this.options.onGroupLost } : {}),
    });
    await this.reactions.start();
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
