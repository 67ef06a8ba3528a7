import { readPartitions } from '@rewind/event-store';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { deadLetterMessage, headerText, positionText, readDeadLetter, type DeadLetter, type Position, type SourceRecord } from './dead-letter';

export interface DeadLetterQueueOptions {
  readonly kafka: Kafka;
  /** The dead-letter topic, with the installation's namespace. */
  readonly topic: string;
  /** The consumer group whose dead letters these are. */
  readonly consumer: string;
  readonly clock?: () => Date;
}

/**
 * One consumer group's dead letters, and the keys they hold. A record the consumer cannot handle
 * is written to the dead-letter topic with the reason; from then on the later records of its key
 * (in its topic) are written there too, held behind it, so the key's order is kept while other
 * keys flow on. What is held is read back from the topic itself, so it survives restarts and
 * moves with the partitions; a record dead-lettered twice (redelivered after a crash before its
 * offset was committed) is written once.
 *
 * Use: `ready()` before a batch, `deadLetter()` for each record given up on, and `write()` of
 * what those returned before the batch's offsets are committed. Batches of several partitions may
 * run at once: each writes its own letters.
 */
export class DeadLetterQueue {
  private readonly producer: Producer;
  private readonly admin: Admin;
  /** Per topic and key, the dead letter its later records wait behind. */
  private held = new Map<string, Position>();
  /** The source positions already in the topic. */
  private recorded = new Set<string>();
  /** What this instance wrote: kept over a re-read that began before the write was acknowledged. */
  private readonly mine: DeadLetter[] = [];
  private stale = true;
  private loading: Promise<void> | undefined;

  constructor(private readonly options: DeadLetterQueueOptions) {
    this.producer = options.kafka.producer({ idempotent: true });
    this.admin = options.kafka.admin();
  }

  async start(): Promise<void> {
    await Promise.all([this.producer.connect(), this.admin.connect()]);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** Dead letters this instance has written. */
  get count(): number {
    return this.mine.length;
  }

  /** The partitions moved (or a write failed): what is held is read again before the next batch. */
  invalidate(): void {
    this.stale = true;
  }

  /** Reads what is held from the topic, if that is needed (once for batches that ask at the same time). */
  async ready(): Promise<void> {
    // a batch that asks while another's read is under way waits for it, and reads again if a
    // rebalance came in the meantime
    while (this.stale || this.loading) {
      this.loading ??= this.load().finally(() => (this.loading = undefined));
      await this.loading;
    }
  }

  private async load(): Promise<void> {
    // cleared first: a rebalance during the read marks it stale again, and so does a failure
    this.stale = false;
    try {
      await this.read();
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }

  private async read(): Promise<void> {
    const held = new Map<string, Position>();
    const recorded = new Set<string>();
    for (const letter of await readDeadLetters(this.options.kafka, this.admin, this.options.topic)) {
      if (letter.consumer === this.options.consumer) register(letter, held, recorded);
    }
    for (const letter of this.mine) register(letter, held, recorded);
    this.held = held;
    this.recorded = recorded;
  }

  /** The dead letter this record must wait behind, if its key is held there. */
  heldBehind(record: SourceRecord): Position | undefined {
    const key = heldKey(record.topic, record.key?.toString() ?? null);
    const behind = key === undefined ? undefined : this.held.get(key);
    // records before the one that failed (redelivered after a crash) are not held by it
    return behind && (behind.partition !== record.partition || BigInt(record.offset) > BigInt(behind.offset)) ? behind : undefined;
  }

  /**
   * Gives up on a record: the dead letter returned is to be written with `write()`, and the key is
   * held from here on. A record whose key is already held goes there as held, whatever the reason.
   * Undefined for a record that is in the topic already.
   */
  deadLetter(record: SourceRecord, reason: string): DeadLetter | undefined {
    if (this.recorded.has(positionText(record))) return undefined;
    const behind = this.heldBehind(record);
    const key = record.key?.toString() ?? null;
    const held = heldKey(record.topic, key);
    if (!behind && held !== undefined) this.held.set(held, record);
    this.recorded.add(positionText(record));
    return {
      consumer: this.options.consumer,
      reason: behind ? `held behind ${positionText(behind)}` : reason,
      source: { topic: record.topic, partition: record.partition, offset: record.offset },
      ...(behind ? { heldBehind: behind } : {}),
      at: (this.options.clock?.() ?? new Date()).toISOString(),
      key,
      value: record.value,
      headers: headerText(record.headers),
    };
  }

  /** Writes a batch's dead letters, acknowledged by all in-sync replicas: before its offsets are committed. */
  async write(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    try {
      await this.producer.send({ topic: this.options.topic, acks: -1, messages: letters.map(deadLetterMessage) });
      this.mine.push(...letters);
      for (const letter of letters) register(letter, this.held, this.recorded);
    } catch (error) {
      // what is held in memory now includes letters that were not written: read it again
      this.stale = true;
      throw error;
    }
  }
}

const heldKey = (topic: string, key: string | null) => (key === null ? undefined : `${topic}\u0000${key}`);

/** Notes a dead letter that is in the topic: its source is recorded, and its key held from the first one on. */
function register(letter: DeadLetter, held: Map<string, Position>, recorded: Set<string>): void {
  recorded.add(positionText(letter.source));
  const key = heldKey(letter.source.topic, letter.key);
  if (key !== undefined && !held.has(key)) held.set(key, letter.heldBehind ?? letter.source);
}

/** Every dead letter in the topic up to its end now, in order per partition. */
export async function readDeadLetters(kafka: Kafka, admin: Admin, topic: string): Promise<DeadLetter[]> {
  const ranges = (await admin.fetchTopicOffsets(topic))
    .filter(({ low, high }) => BigInt(low) < BigInt(high))
    .map(({ partition, low, high }) => ({ topic, partition, from: low, to: high }));
  const letters: DeadLetter[] = [];
  await readPartitions(kafka, ranges, (_topic, _partition, message) => {
    const letter = readDeadLetter(message);
    if (letter) letters.push(letter);
  });
  return letters;
}
