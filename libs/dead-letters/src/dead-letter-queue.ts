import { randomUUID } from 'node:crypto';
import { readPartitions, TopicOffsets } from '@rewind/event-store';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import {
  deadLetterMessage,
  headerText,
  positionText,
  readDeadLetterRecord,
  type Archived,
  type DeadLetter,
  type DeadLetterRecord,
  type Position,
  type Released,
  type ReplayRequested,
  type SourceRecord,
} from './dead-letter';
import { DeadLetterLedger, type Hold } from './ledger';

/** A key whose dead letters an operator asked a consumer to handle again. */
export interface Replay {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
}

/** A key let go by `release`: its letters to handle again, and the record that says so, for `write`. */
export interface Release {
  readonly record: Released;
  readonly letters: readonly DeadLetter[];
  /** The hold as it was: put back if the write fails. */
  readonly hold: Hold;
}

export interface DeadLetterQueueOptions {
  readonly kafka: Kafka;
  /** The dead-letter topic, with the installation's namespace. */
  readonly topic: string;
  /** The consumer group whose dead letters these are. */
  readonly consumer: string;
  readonly clock?: () => Date;
  /**
   * Called for each key whose letters an operator asked to replay: the consumer, if it owns the
   * key's partition, calls `release` and handles the letters again as a batch of its own.
   */
  readonly replay?: (replay: Replay) => Promise<void>;
  /** How often the topic is looked at for replay requests; 1 s when absent. */
  readonly watchEveryMs?: number;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * One consumer group's dead letters, and the keys they hold. A record the consumer cannot handle
 * is written to the dead-letter topic with the reason; from then on the later records of its key
 * (in its topic) are written there too, held behind it, so the key's order is kept while other
 * keys flow on. What is held is read from the topic itself, so it survives restarts and moves
 * with the partitions; a record dead-lettered twice (redelivered after a crash before its offset
 * was committed) is written once.
 *
 * Use: `ready()` before a batch, `deadLetter()` for each record given up on, and `write()` of
 * what those returned before the batch's offsets are committed. Batches of several partitions may
 * run at once: each writes its own letters.
 *
 * Replay: an operator writes a request (`requestReplay`); the queue notices it and calls the
 * consumer's `replay`, which releases the key and handles its letters again, in order, in its own
 * batch serialization. The release is written together with the letters of what failed again.
 */
export class DeadLetterQueue {
  private readonly producer: Producer;
  private readonly offsets: TopicOffsets;
  private readonly ledger = new DeadLetterLedger();
  /** Per partition of the topic, the next offset to read: the topic is read once, then only what is new. */
  private readonly next = new Map<number, string>();
  /**
   * Batches wait only for a read that began after the last rebalance: `moves` counts the
   * rebalances (the first start counts as one), `caughtUp` is the count the last finished read
   * began after. The watch's own reads leave both alone, so a batch never waits for them.
   */
  private moves = 1;
  private caughtUp = 0;
  private reading: Promise<void> | undefined;
  private written = 0;
  private watching: { timer?: NodeJS.Timeout; round?: Promise<void>; stopped: boolean } = { stopped: true };

  constructor(private readonly options: DeadLetterQueueOptions) {
    this.producer = deadLetterProducer(options.kafka);
    this.offsets = new TopicOffsets(options.kafka);
  }

  async start(): Promise<void> {
    await this.producer.connect();
    if (this.options.replay) {
      this.watching = { stopped: false };
      this.watch();
    }
  }

  async stop(): Promise<void> {
    this.watching.stopped = true;
    clearTimeout(this.watching.timer);
    await this.watching.round;
    await Promise.allSettled([this.producer.disconnect(), this.offsets.disconnect()]);
  }

  /** Dead letters this instance has written. */
  get count(): number {
    return this.written;
  }

  /** The partitions moved: what other members wrote is read before the next batch. */
  invalidate(): void {
    this.moves += 1;
  }

  /**
   * Reads what is new in the topic if the partitions moved since the last read (once for batches
   * that ask at the same time); otherwise returns at once.
   */
  async ready(): Promise<void> {
    // a read under way that began before the last rebalance does not count: another follows it
    while (this.caughtUp < this.moves) await this.read();
  }

  /** The read under way, or a new one. */
  private read(): Promise<void> {
    this.reading ??= this.catchUp().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async catchUp(): Promise<void> {
    const moves = this.moves;
    const ranges = (await this.offsets.of(this.options.topic)).map(({ partition, low, high }) => {
      const next = this.next.get(partition);
      return { topic: this.options.topic, partition, from: next !== undefined && BigInt(next) > BigInt(low) ? next : low, to: high };
    });
    // merged into what is known, never replacing it: a batch may have letters in memory that
    // are still being written, and each record counts once (by its id) however often it is read
    await readPartitions(
      this.options.kafka,
      ranges,
      (_topic, _partition, message) => {
        const record = readDeadLetterRecord(message);
        if (record?.consumer === this.options.consumer) this.ledger.apply(record);
      },
      undefined,
      { onStall: ({ attempt }) => this.options.log?.('reading the dead-letter topic stalled; reading on with a fresh group', { attempt }) },
    );
    for (const range of ranges) this.next.set(range.partition, range.to);
    // a failed read leaves `caughtUp` as it was, so the next batch reads again
    this.caughtUp = Math.max(this.caughtUp, moves);
  }

  /** The dead letter this record must wait behind, if its key is held there. */
  heldBehind(record: SourceRecord): Position | undefined {
    const key = record.key?.toString() ?? null;
    const first = key === null ? undefined : this.ledger.hold(this.options.consumer, record.topic, key)?.letters[0];
    const behind = first && (first.heldBehind ?? first.source);
    // records before the one that failed (redelivered after a crash) are not held by it
    return behind && (behind.partition !== record.partition || BigInt(record.offset) > BigInt(behind.offset)) ? behind : undefined;
  }

  /**
   * Gives up on a record: the dead letter returned is to be written with `write()`, and the key is
   * held from here on. A record whose key is already held goes there as held, whatever the reason.
   * Undefined for a record that is in the topic already.
   */
  deadLetter(record: SourceRecord, reason: string): DeadLetter | undefined {
    const key = record.key?.toString() ?? null;
    if (this.ledger.hasLetter(this.options.consumer, record, key)) return undefined;
    const behind = this.heldBehind(record);
    const letter: DeadLetter = {
      kind: 'letter',
      id: randomUUID(),
      consumer: this.options.consumer,
      reason: behind ? `held behind ${positionText(behind)}` : reason,
      source: { topic: record.topic, partition: record.partition, offset: record.offset },
      ...(behind ? { heldBehind: behind } : {}),
      at: this.now(),
      key,
      value: record.value,
      headers: headerText(record.headers),
    };
    this.ledger.apply(letter);
    return letter;
  }

  /**
   * Lets go of a key whose replay was asked for: its letters are to be handled again and written
   * with `write(failedAgain, release)`. Undefined when there is nothing to replay (any more).
   * Call it where the key's batches are serialized, so that none runs in between.
   */
  release(topic: string, key: string): Release | undefined {
    const hold = this.ledger.hold(this.options.consumer, topic, key);
    if (!hold?.replayRequested) return undefined;
    const record: Released = { kind: 'released', id: randomUUID(), consumer: this.options.consumer, topic, key, at: this.now() };
    this.ledger.apply(record);
    return { record, letters: hold.letters, hold };
  }

  /**
   * Writes a batch's dead letters, acknowledged by all in-sync replicas: before its offsets are
   * committed. With a release, the release goes first, in the same batch of the key's partition.
   */
  async write(letters: readonly DeadLetter[], release?: Release): Promise<void> {
    const records: DeadLetterRecord[] = release ? [release.record, ...letters] : [...letters];
    if (records.length === 0) return;
    try {
      await this.producer.send({ topic: this.options.topic, acks: -1, messages: records.map(deadLetterMessage) });
      this.written += letters.length;
    } catch (error) {
      // not written: what memory holds goes back to what the topic says
      if (release) this.ledger.restore(release.hold, records);
      else this.ledger.forget(letters);
      throw error;
    }
  }

  /**
   * Takes back the letters (and the release) of a batch that will not write them: one that was
   * fenced, as another member owns its partition now. Memory goes back to what the topic says.
   */
  discard(letters: readonly DeadLetter[], release?: Release): void {
    if (release) this.ledger.restore(release.hold, [release.record, ...letters]);
    else this.ledger.forget(letters);
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }

  /**
   * Looks for replay requests every few moments, one round at a time, until stopped. After a
   * failed round (Kafka away) it waits twice as long each time, up to 30 s, so as not to press on
   * a broker that is coming back.
   */
  private watch(failures = 0): void {
    if (this.watching.stopped) return;
    const every = this.options.watchEveryMs ?? 1000;
    this.watching.timer = setTimeout(() => {
      this.watching.round = this.replayRequested().then(
        () => this.watch(),
        (error: unknown) => {
          this.options.log?.('dead-letter replay failed; it is tried again', { error: error instanceof Error ? error.message : String(error), failures: failures + 1 });
          this.watch(failures + 1);
        },
      );
    }, Math.min(every * 2 ** failures, 30_000));
    this.watching.timer.unref();
  }

  private async replayRequested(): Promise<void> {
    // a read of its own, which no batch waits for
    await this.read();
    for (const hold of this.ledger.list({ consumer: this.options.consumer })) {
      const first = hold.letters[0];
      if (this.watching.stopped || !hold.replayRequested || hold.key === null || !first) continue;
      await this.options.replay?.({ topic: hold.topic, partition: first.source.partition, key: hold.key });
    }
  }
}

/** The one producer of the dead-letter topic: keyed like the source records, so a key's records share a partition, in order. */
function deadLetterProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
}

/** The dead-letter topic read from the start to its end now, as a ledger (of every consumer). */
export async function readDeadLetterLedger(kafka: Kafka, admin: Admin, topic: string): Promise<DeadLetterLedger> {
  const ranges = (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ topic, partition, from: low, to: high }));
  const ledger = new DeadLetterLedger();
  await readPartitions(kafka, ranges, (_topic, _partition, message) => {
    const record = readDeadLetterRecord(message);
    if (record) ledger.apply(record);
  });
  return ledger;
}

/**
 * A replay asked of a consumer group with no member running. A replay is carried out by the member
 * that owns the key's partition, so nothing would happen until one starts; the request is refused.
 */
export class ConsumerNotRunning extends Error {
  override readonly name = 'ConsumerNotRunning';

  constructor(readonly consumer: string) {
    super(`no member of consumer group ${consumer} is running: a replay is carried out by the member that owns the key, so nothing would happen; start the consumer, then ask again`);
  }
}

/** How many members a consumer group has now: 0 for one that is empty, gone, or never was. */
export async function groupMembers(admin: Admin, consumer: string): Promise<number> {
  const { groups } = await admin.describeGroups([consumer]);
  const group = groups.find((candidate) => candidate.groupId === consumer);
  return group && group.state !== 'Empty' && group.state !== 'Dead' ? group.members.length : 0;
}

/**
 * Asks a consumer to handle its dead letters again, those of one key or all: one request per key
 * it holds. Returns the holds asked about; none when the consumer holds nothing that matches.
 * Throws `ConsumerNotRunning`, having asked nothing, when the group has no member.
 */
export async function requestReplay(kafka: Kafka, admin: Admin, topic: string, target: { readonly consumer: string; readonly key?: string }, clock = () => new Date()): Promise<Hold[]> {
  const holds = (await readDeadLetterLedger(kafka, admin, topic)).list(target).filter((hold) => hold.key !== null);
  const keys = [...new Set(holds.map((hold) => hold.key as string))];
  if (keys.length === 0) return [];
  if ((await groupMembers(admin, target.consumer)) === 0) throw new ConsumerNotRunning(target.consumer);
  const requests = keys.map((key): ReplayRequested => ({ kind: 'replay-requested', id: randomUUID(), consumer: target.consumer, key, at: clock().toISOString() }));
  await send(kafka, topic, requests);
  return holds;
}

/**
 * Archives the dead letters of a consumer group that is gone for good (a projection's generation
 * dropped after a rebuild): they no longer hold anything, and are no longer listed. Call it once
 * the group can no longer run; calling it twice does no harm.
 */
export async function archiveDeadLetters(kafka: Kafka, topic: string, consumer: string, clock = () => new Date()): Promise<void> {
  const archived: Archived = { kind: 'archived', id: randomUUID(), consumer, at: clock().toISOString() };
  await send(kafka, topic, [archived]);
}

/** Writes records with a producer of their own: the operators' requests and archives are rare. */
async function send(kafka: Kafka, topic: string, records: readonly DeadLetterRecord[]): Promise<void> {
  const producer = deadLetterProducer(kafka);
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: records.map(deadLetterMessage) });
  } finally {
    await producer.disconnect();
  }
}
