import type { Logger } from '@nestjs/common';
import { DEAD_LETTER_TOPIC, type Actor, type CommandCodec, type CommandEnvelope, type EventCodec, type EventEnvelope } from '@rewind/contracts';
import { DeadLetterQueue, letterRecord, sourceRecord, type DeadLetter, type Release, type Replay, type SourceRecord } from '@rewind/dead-letters';
import { watchedUntilDone, watchGroupMembership, type GroupLoss } from '@rewind/event-store';
import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';

/** A topic a service reacts to: how its events decode, and the commands a reaction issues for one. */
export interface Reaction {
  readonly codec: EventCodec<EventEnvelope>;
  readonly react: (event: EventEnvelope) => Promise<readonly unknown[]>;
}

export interface SagaReactionsOptions<C extends CommandEnvelope> {
  readonly kafka: Kafka;
  readonly namespace: string;
  /** The service, with the namespace: its group is `<service>.reactions`. */
  readonly service: string;
  /** Where the issued commands go. */
  readonly commandsTopic: string;
  readonly commands: CommandCodec<C>;
  /** Per topic, without the namespace. */
  readonly reactions: ReadonlyMap<string, Reaction>;
  readonly sessionTimeoutMs?: number;
  /** A batch past this is told to `onGroupLost` (it hangs); default 6 × the session timeout. */
  readonly batchDeadlineMs?: number;
  readonly log: Logger;
  /** The consumer is out of its group for good, or a batch hangs: the service reacts to nothing any more. */
  readonly onGroupLost?: (loss: GroupLoss) => void;
}

/**
 * A service's saga reactions: one consumer group over the topics it reacts to. For each event, the
 * reaction's commands go to the service's own commands topic before the event counts as handled
 * (at least once; their ids come from the event, so the second time is a no-op). An event that
 * does not decode, whose reaction throws or issues an invalid command, is dead-lettered and its
 * key held; a replay handles the key's letters again between batches.
 */
export class SagaReactions<C extends CommandEnvelope> {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly deadLetters: DeadLetterQueue;
  /** Batches and replays, one at a time. */
  private turn: Promise<unknown> = Promise.resolve();
  /** The partitions this member was given at its last join ("topic/partition"); empty while the group rebalances. */
  private owned = new Set<string>();
  private stopWatching = () => undefined as void;
  private readonly batchDeadlineMs: number;

  constructor(private readonly options: SagaReactionsOptions<C>) {
    const groupId = reactionsGroup(options.service);
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    this.batchDeadlineMs = options.batchDeadlineMs ?? 6 * sessionTimeout;
    this.consumer = options.kafka.consumer({ groupId, sessionTimeout, maxWaitTimeInMs: 100 });
    this.producer = options.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    this.deadLetters = new DeadLetterQueue({
      kafka: options.kafka,
      topic: `${options.namespace}${DEAD_LETTER_TOPIC}`,
      consumer: groupId,
      replay: (replay) => this.replay(replay),
      log: (message, fields) => options.log.warn({ message, ...fields }),
    });
  }

  async start(): Promise<void> {
    const { namespace } = this.options;
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.owned = new Set(Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => `${topic}/${partition}`)));
      // partitions may have moved: their dead letters, written by another instance, are read again
      this.deadLetters.invalidate();
    });
    this.consumer.on(this.consumer.events.REBALANCING, () => (this.owned = new Set()));
    this.stopWatching = watchGroupMembership(this.consumer, reactionsGroup(this.options.service), (loss) => this.options.onGroupLost?.(loss));
    await Promise.all([this.consumer.connect(), this.producer.connect(), this.deadLetters.start()]);
    for (const topic of this.options.reactions.keys()) await this.consumer.subscribe({ topic: `${namespace}${topic}`, fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        // a batch that hangs inside kafkajs is seen by nothing else: past its deadline the service is told, to exit
        await watchedUntilDone(
          async () => {
            await this.inTurn(async () => {
              await this.deadLetters.ready();
              const records = batch.messages.map((message) => sourceRecord(batch.topic, batch.partition, message));
              // after a rebalance or a stop the rest of the batch is left to the partition's next owner
              const handled = await this.handle(records, { goOn: () => isRunning() && !isStale() });
              if (handled !== undefined) resolveOffset(handled);
            });
            await commitOffsetsIfNecessary();
            await heartbeat();
          },
          this.batchDeadlineMs,
          () => this.overdue(batch.topic, batch.partition),
        );
      },
    });
  }

  async stop(): Promise<void> {
    this.owned = new Set(); // no replay starts on the way out
    this.stopWatching();
    await this.consumer.disconnect();
    await this.producer.disconnect();
    await this.deadLetters.stop();
  }

  /**
   * Reacts to records in order, while `goOn` allows; what cannot be handled is dead-lettered (with
   * a replay's release, when given). Returns the offset of the last record handled.
   */
  private async handle(records: readonly SourceRecord[], { goOn = () => true, release }: { goOn?: () => boolean; release?: Release }): Promise<string | undefined> {
    let handled: string | undefined;
    const commands: C[] = [];
    const letters: DeadLetter[] = [];
    const giveUp = (record: SourceRecord, reason: string) => {
      const letter = this.deadLetters.deadLetter(record, reason);
      if (letter) letters.push(letter);
      this.options.log.warn({
        message: 'event dead-lettered',
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        ...correlationOf(record),
        reason: letter?.reason ?? reason,
      });
    };
    for (const record of records) {
      if (!goOn()) break;
      handled = record.offset;
      const reaction = this.options.reactions.get(record.topic.slice(this.options.namespace.length));
      if (!reaction) continue;
      if (this.deadLetters.heldBehind(record)) {
        giveUp(record, 'held');
        continue;
      }
      let event: EventEnvelope;
      try {
        event = reaction.codec.decode(record.value);
      } catch (error) {
        giveUp(record, `undecodable: ${errorText(error)}`);
        continue;
      }
      try {
        // all of an event's commands or none of them
        // a reaction acts for the service, caused by the event: its events name both as their actor
        const actor: Actor = { kind: 'service', service: this.options.service.slice(this.options.namespace.length), trigger: event.eventId };
        commands.push(...(await reaction.react(event)).map((command) => this.options.commands.validate({ actor, ...(command as object) })));
      } catch (error) {
        giveUp(record, `reaction failed: ${errorText(error)}`);
      }
    }
    if (commands.length > 0) {
      await this.producer.send({
        topic: this.options.commandsTopic,
        messages: commands.map((command) => ({ key: command.aggregateId, value: JSON.stringify(command) })),
      });
    }
    // the dead letters (and a release) are in their topic before the offsets that pass their
    // records are committed; a crash in between handles the records again, which issues the same commands
    await this.deadLetters.write(letters, release);
    return handled;
  }

  /** An operator asked for a key's letters to be handled again: done by the instance that owns its partition, between batches. */
  private async replay({ topic, partition, key }: Replay): Promise<void> {
    if (!this.owned.has(`${topic}/${partition}`)) return;
    await this.inTurn(async () => {
      if (!this.owned.has(`${topic}/${partition}`)) return;
      await this.deadLetters.ready();
      const release = this.deadLetters.release(topic, key);
      if (!release) return;
      this.options.log.log({ message: 'replaying dead letters', topic, partition, key, letters: release.letters.length });
      await this.handle(
        release.letters.map(letterRecord),
        { release },
      );
    });
  }

  private overdue(topic: string, partition: number): void {
    const reason = `a batch of ${topic}/${partition} has not finished within ${this.batchDeadlineMs} ms`;
    this.options.log.error({ message: 'batch overdue', topic, partition, reason });
    this.options.onGroupLost?.({ groupId: reactionsGroup(this.options.service), reason });
  }

  private async inTurn(work: () => Promise<void>): Promise<void> {
    const current = this.turn.then(work, work);
    this.turn = current.catch(() => undefined);
    await current;
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The consumer group of a service's reactions (the service with its namespace). */
function reactionsGroup(service: string): string {
  return `${service}.reactions`;
}

/**
 * The ids a log line about a record names, read as leniently as possible: the record may be exactly
 * what could not be decoded, and its line must still be written.
 */
export function correlationOf(record: Pick<SourceRecord, 'value'>): { eventId?: string; correlationId?: string } {
  try {
    const { eventId, correlationId } = JSON.parse(record.value?.toString('utf8') ?? 'null') as { eventId?: unknown; correlationId?: unknown };
    return { ...(typeof eventId === 'string' ? { eventId } : {}), ...(typeof correlationId === 'string' ? { correlationId } : {}) };
  } catch {
    return {};
  }
}
