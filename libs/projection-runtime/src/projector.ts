import type { EventEnvelope } from '@rewind/contracts';
import { REJOIN_WITHIN_MS, watchGroupMembership, withinDeadline, type GroupLoss } from '@rewind/event-store';
import { DeadLetterQueue, letterRecord, sourceRecord, type DeadLetter, type Release, type Replay, type SourceRecord } from '@rewind/dead-letters';
import type { Consumer, Kafka } from 'kafkajs';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type BulkWriteResult, type Collection, type Db } from 'mongodb';
import { coPartitionedAssigner } from './co-partitioned-assigner';
import { foldInto, type ProjectionDefinition, type StoredDocument } from './projection';
import { processWriteGate, WRITE_CHUNK, type WriteGate } from './write-gate';

/** How many documents a batch looks up at once. */
const LOOKUP_CHUNK = 32;
/** kafkajs restarts a consumer whose batch failed; after this many restarts with no batch through, it gives up. */
const MAX_RESTARTS_WITHOUT_PROGRESS = 5;
/** How long a batch may wait on any one call (the database, Kafka) before the consumer counts as lost. */
export const BATCH_DEADLINE_MS = 120_000;
/** How long a lost consumer's stop may wait for a batch that hangs: its call will never settle. */
const LOST_STOP_MS = 5_000;

export interface ProjectorOptions<D extends object> {
  readonly kafka: Kafka;
  readonly db: Db;
  readonly definition: ProjectionDefinition<D>;
  /** The collection the documents go to (a generation of the projection). */
  readonly collection: string;
  /** One group per projection (and per rebuild): each can lag, pause or be rebuilt alone. */
  readonly groupId: string;
  /** Where the events this projection cannot fold go, with the reason (the installation's dead-letter topic). */
  readonly deadLetterTopic: string;
  readonly fromBeginning?: boolean;
  /** At most this many records a second (a rebuild may be asked to spare the database); unlimited when absent. */
  readonly maxRecordsPerSecond?: number;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * The consumer is out of its group for good, once it had joined: kafkajs gave up on it, it did
   * not rejoin within `rejoinWithinMs` of a restart, or a batch waited past `batchDeadlineMs` on
   * a call that may never settle. Nothing brings it back; the process should start afresh.
   */
  readonly onLost?: (loss: GroupLoss) => void;
  /** How long a restarted consumer may take to rejoin its group; 60 s when absent. */
  readonly rejoinWithinMs?: number;
  /** How long a batch may wait on any one call it makes (the database, Kafka); 120 s when absent. */
  readonly batchDeadlineMs?: number;
  /**
   * The most one fetch brings in, in bytes (kafkajs `maxBytes`, per broker the consumer fetches
   * from): kafkajs holds a fetch until every batch of it is folded and written, so this bounds what
   * the consumer holds however far behind it is. 10 MB (kafkajs') when absent.
   */
  readonly maxBytesPerFetch?: number;
  /** How long the group waits for a silent member before it gives the member's partitions to others; 30 s when absent. */
  readonly sessionTimeoutMs?: number;
  /** The gate bulk writes pass (see write-gate.ts); the process's own when absent. Tests give each member of a group its own, as separate processes have. */
  readonly writeGate?: WriteGate;
  /** A seam for tests: wraps each bulk write of a batch, which has read and folded its documents by then. */
  readonly aroundWrite?: <T>(write: () => Promise<T>) => Promise<T>;
  /** How writes are made conditional on what was read; chosen from the server when absent (see `WriteFencing`). */
  readonly fencing?: WriteFencing;
}

/**
 * Keeps a projection's documents up to date: consume a batch, load the documents it touches, fold,
 * write them back in bulk, and only then resolve (and so commit) the offsets. Every event of a
 * document arrives at one instance (co-partitioned assignment) and the batches of one partition
 * number run one at a time, so each document has exactly one writer.
 *
 * An event it cannot decode, that comes after a gap in its aggregate's versions, or whose fold
 * throws goes to the dead-letter topic with the reason, before the offsets are committed; the
 * later events of its key are held there behind it, and every other key flows on. When an
 * operator asks for a replay, the member that owns the key's partition folds its letters again,
 * in order, between that partition's batches.
 */
export class Projector<D extends object> {
  private readonly consumer: Consumer;
  private readonly deadLetters: DeadLetterQueue;
  private readonly collection: Collection<StoredDocument<D>>;
  private readonly partitionLocks = new Map<number, Promise<void>>();
  /** The partitions this member was given at its last join ("topic/partition"); empty while the group rebalances. */
  private owned = new Set<string>();
  private readonly streams: ReadonlyMap<string, { stream: string; codec: ProjectionDefinition<D>['sources'][number]['codec'] }>;
  private processed = 0;
  private inFlight = 0;
  /** When the rate limit lets the next batch start. */
  private nextStart = 0;
  /** Restarts since the last batch that went through: kafkajs restarts a failing consumer without end. */
  private restartsWithoutProgress = 0;
  /** Set once the consumer is out of its group for good. */
  private lost: GroupLoss | undefined;
  private joinedOnce = false;
  private failStart: (error: Error) => void = () => undefined;
  private unwatch: () => void = () => undefined;
  private fencing: WriteFencing | undefined;

  constructor(private readonly options: ProjectorOptions<D>) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      partitionAssigners: [coPartitionedAssigner],
      maxWaitTimeInMs: 200,
      // a batch that keeps failing (a fold that throws, a database that refuses) fails the projector
      // after a few restarts instead of retrying for ever: a rebuild can then say `failed`, and why
      retry: { restartOnFailure: async () => ++this.restartsWithoutProgress <= MAX_RESTARTS_WITHOUT_PROGRESS },
      // a fetch is held as buffers, then as events and documents, until every batch of it is folded
      // and written: 256 kB a partition (~250 records) keeps bulk writes full, smaller still under a
      // rate limit, so a throttled batch never outlasts the session; and at most maxBytesPerFetch in
      // all, so a consumer far behind, whose every partition is full, holds no more than that. (The
      // broker fills a fetch in partition order: far behind, the first partitions catch up first.)
      maxBytesPerPartition: Math.min(options.maxRecordsPerSecond ? 64 * 1024 : 256 * 1024, options.maxBytesPerFetch ?? Infinity),
      ...(options.maxBytesPerFetch ? { maxBytes: options.maxBytesPerFetch } : {}),
    });
    this.deadLetters = new DeadLetterQueue({
      kafka: options.kafka,
      topic: options.deadLetterTopic,
      consumer: options.groupId,
      replay: (replay) => this.replay(replay),
      ...(options.log ? { log: options.log } : {}),
    });
    this.collection = options.db.collection<StoredDocument<D>>(options.collection);
    this.streams = new Map(options.definition.sources.map((source) => [source.topic, source]));
  }

  /** Records this instance has handled and committed so far (applied, or skipped as already applied). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /**
   * Bytes of the log (keys and values) in the batches this consumer is handling now: what it holds
   * of its fetches while it decodes, folds and writes them: at most `maxBytesPerFetch` for each
   * broker it fetches from (or one record batch, if larger: the broker always gives the first whole).
   */
  get bytesInFlight(): number {
    return this.inFlight;
  }

  /** Events this instance has given up on and written to the dead-letter topic (held ones included). */
  get deadLettered(): number {
    return this.deadLetters.count;
  }

  /** Resolves once the consumer has joined its group; rejects if it is lost before that. */
  async start(): Promise<void> {
    const joined = new Promise<void>((resolve, reject) => {
      this.failStart = reject;
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
        this.owned = new Set(Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => `${topic}/${partition}`)));
        // partitions may have moved: their dead letters, written by another member, are read again
        this.deadLetters.invalidate();
        this.joinedOnce = true;
        resolve();
      });
      this.consumer.on(this.consumer.events.REBALANCING, () => (this.owned = new Set()));
      this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
        this.options.log?.('projection consumer crashed', { error: String(payload.error), restart: payload.restart });
      });
    });
    // kafkajs may give up on a consumer, or restart it and never get it back into the group: the
    // process looked healthy while the read model froze
    this.unwatch = watchGroupMembership(this.consumer, this.options.groupId, (loss) => this.lose(loss), this.options.rejoinWithinMs ?? REJOIN_WITHIN_MS);
    await this.deadLetters.start();
    await this.consumer.connect();
    for (const { topic } of this.options.definition.sources) await this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      // offsets are resolved only after the write below, and kafkajs commits what is resolved after
      // each batch — also for batches of transaction markers only, which this code never sees
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 16,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
        const last = batch.messages[batch.messages.length - 1];
        if (!last) return;
        const bytes = batch.messages.reduce((sum, { key, value }) => sum + (key?.length ?? 0) + (value?.length ?? 0), 0);
        this.inFlight += bytes;
        try {
          await this.serialized(batch.partition, async () => {
            await this.throttle(batch.messages.length, () => this.within('a heartbeat', heartbeat));
            // after a rebalance or a stop this partition may be another member's: writing now could
            // put older documents over its newer ones, so the batch is left for the new owner
            if (!isRunning() || isStale()) return;
            await this.within('the dead-letter topic to be read', () => this.deadLetters.ready());
            if (!(await this.apply(batch.messages.map((message) => sourceRecord(batch.topic, batch.partition, message))))) return;
            resolveOffset(last.offset);
            // committed here rather than by kafkajs after the batch, so that the commit has a deadline too
            await this.within('the offsets to be committed', () => commitOffsetsIfNecessary());
            this.processed += batch.messages.length;
            this.restartsWithoutProgress = 0;
          });
        } finally {
          this.inFlight -= bytes;
        }
        await this.within('a heartbeat', heartbeat);
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    this.owned = new Set(); // no replay starts on the way out
    this.unwatch();
    const disconnected = this.consumer.disconnect();
    // a lost consumer may hold a batch whose call never settles, and kafkajs waits for the batch
    await (this.lost ? Promise.race([disconnected, new Promise((resolve) => setTimeout(resolve, LOST_STOP_MS).unref())]) : disconnected);
    await this.deadLetters.stop();
  }

  /** Once only: before the first join, `start` fails; after it, the owner is told. */
  private lose(loss: GroupLoss): void {
    if (this.lost) return;
    this.lost = loss;
    this.unwatch();
    if (!this.joinedOnce) return this.failStart(new Error(`${loss.groupId}: ${loss.reason}`));
    this.options.log?.('projection consumer out of its group for good', { ...loss });
    this.options.onLost?.(loss);
  }

  /**
   * A call a batch waits on, within the batch deadline. kafkajs and the database have request
   * timeouts, but calls were seen never to settle after connections were cut (docs/reliability.md);
   * a batch waiting on one holds its partition for good while the process looks healthy. A call
   * past the deadline fails the batch and loses the consumer: the call itself cannot be cancelled.
   */
  private within<T>(what: string, call: () => Promise<T>): Promise<T> {
    const ms = this.options.batchDeadlineMs ?? BATCH_DEADLINE_MS;
    return withinDeadline(call(), ms, what, () => this.lose({ groupId: this.options.groupId, reason: `a batch waited more than ${ms} ms for ${what}` }));
  }

  /**
   * Folds records into their documents and writes them; what cannot be folded is dead-lettered.
   * A replay passes the key's release, which is written with the letters of what failed again.
   * False when the write was fenced: a document changed since this member read it, so another
   * member owns the partition now. Then nothing more of the batch is written, its letters neither,
   * and its offsets stay unresolved: the batch is the owner's to fold.
   */
  private async apply(records: readonly SourceRecord[], release?: Release): Promise<boolean> {
    const letters: DeadLetter[] = [];
    const giveUp = (record: SourceRecord, reason: string) => {
      const letter = this.deadLetters.deadLetter(record, reason);
      if (letter) letters.push(letter);
      this.options.log?.('event dead-lettered', { topic: record.topic, partition: record.partition, offset: record.offset, reason: letter?.reason ?? reason });
    };
    const events: { event: EventEnvelope; stream: string; record: SourceRecord }[] = [];
    for (const record of records) {
      const source = this.streams.get(record.topic);
      if (!source) continue;
      if (this.deadLetters.heldBehind(record)) {
        giveUp(record, 'held');
        continue;
      }
      try {
        events.push({ event: source.codec.decode(record.value), stream: source.stream, record });
      } catch (error) {
        giveUp(record, `undecodable: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const ids = [...new Set(events.map(({ event, stream }) => this.options.definition.documentId(event, stream)).filter((id): id is string => id !== undefined))];
    const documents = ids.length > 0 ? await this.load(ids) : new Map<string, StoredDocument<D>>();
    // what each write is conditional on: the versions the documents had when read
    const read = new Map([...documents].map(([id, document]) => [id, document.applied]));
    const changed = foldInto(this.options.definition, documents, events, {
      isHeld: ({ record }) => this.deadLetters.heldBehind(record) !== undefined,
      reject: ({ record }, reason) => giveUp(record, reason),
    });
    const fenced = await this.write([...changed].map((id) => ({ document: documents.get(id) as StoredDocument<D>, read: read.get(id) })));
    if (fenced > 0) {
      this.deadLetters.discard(letters, release);
      this.options.log?.('a batch was fenced: its documents changed since they were read, so the partition is another member’s; the batch is left to it', {
        partitions: [...new Set(records.map((record) => `${record.topic}/${record.partition}`))],
        fenced,
      });
      return false;
    }
    // the dead letters (and a release) are in their topic before the offsets that pass their
    // records are committed; a crash in between folds the records again, which changes nothing
    await this.within('dead letters to be written', () => this.deadLetters.write(letters, release));
    return true;
  }

  /**
   * Writes folded documents in chunks, a few at a time (see write-gate.ts for the server that needs
   * it), each conditional on what this member read: the versions the document had applied, or its
   * absence. A member that lost its partition while it folded (a GC pause, a slow database, a
   * network cut past its session) then changes nothing: the new owner has moved the document on.
   * Returns how many writes found a document changed since it was read, stopping at the first
   * chunk that had any: 0 when all went through.
   */
  private async write(writes: readonly Write<D>[]): Promise<number> {
    const fencing = (this.fencing ??= this.options.fencing ?? (await this.within('the database to say what it is', () => writeFencingOf(this.options.db))));
    for (let start = 0; start < writes.length; start += WRITE_CHUNK) {
      const chunk = writes.slice(start, start + WRITE_CHUNK);
      const write = async (): Promise<number> => {
        if (fencing === 'checked') {
          const changed = await this.changedSinceRead(chunk);
          if (changed > 0) return changed;
        }
        const result = await this.collection.bulkWrite(chunk.map((one) => operation(one, fencing, this.options.definition)), { ordered: false }).catch(resultOfDuplicates);
        return chunk.length - result.matchedCount - result.insertedCount;
      };
      // the deadline starts once the write has its turn at the gate: waiting there is not a hang
      const missed = await (this.options.writeGate ?? processWriteGate).run(() => this.within('a bulk write', () => (this.options.aroundWrite ? this.options.aroundWrite(write) : write())));
      if (missed > 0) return missed;
    }
    return 0;
  }

  /** `checked` fencing: how many of the documents a chunk replaces no longer have the versions the batch read, read again by `_id`. */
  private async changedSinceRead(chunk: readonly Write<D>[]): Promise<number> {
    const replaced = chunk.filter((one) => one.read !== undefined);
    const now = await Promise.all(replaced.map(({ document }) => this.collection.findOne({ _id: document._id } as never, { projection: { applied: 1 } })));
    const streams = this.options.definition.sources.map(({ stream }) => stream);
    return replaced.filter(({ read }, index) => streams.some((stream) => now[index]?.applied[stream] !== read?.[stream]) || !now[index]).length;
  }

  /** An operator asked for a key's letters to be folded again: done by the member that owns its partition. */
  private async replay({ topic, partition, key }: Replay): Promise<void> {
    const mine = () => this.owned.has(`${topic}/${partition}`);
    if (!mine()) return;
    await this.serialized(partition, async () => {
      if (!mine()) return;
      await this.within('the dead-letter topic to be read', () => this.deadLetters.ready());
      const release = this.deadLetters.release(topic, key);
      if (!release) return;
      this.options.log?.('replaying dead letters', { topic, partition, key, letters: release.letters.length });
      await this.apply(release.letters.map(letterRecord), release);
    });
  }

  /**
   * The stored documents with these ids, looked up one by one, a chunk at a time: FerretDB answers a
   * lookup by one `_id` from its primary key, but evaluates `{ _id: { $in: ids } }` by reading and
   * decoding the whole collection, which made every batch slower as the projection grew.
   */
  private async load(ids: readonly string[]): Promise<Map<string, StoredDocument<D>>> {
    const documents = new Map<string, StoredDocument<D>>();
    for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
      const found = await this.within('documents to be read', () => Promise.all(ids.slice(start, start + LOOKUP_CHUNK).map((id) => this.collection.findOne({ _id: id } as never))));
      for (const document of found) if (document) documents.set(document._id, document as StoredDocument<D>);
    }
    return documents;
  }

  /** Waits its turn under the rate limit, heartbeating meanwhile so that the group keeps the member. */
  private async throttle(records: number, heartbeat: () => Promise<void>): Promise<void> {
    const rate = this.options.maxRecordsPerSecond;
    if (!rate) return;
    const start = Math.max(Date.now(), this.nextStart);
    this.nextStart = start + (1000 * records) / rate;
    while (Date.now() < start) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(start - Date.now(), 1000)));
      await heartbeat();
    }
  }

  /** Runs the batches of one partition number (of any topic), and its replays, one after another. */
  private async serialized(partition: number, work: () => Promise<void>): Promise<void> {
    const previous = this.partitionLocks.get(partition) ?? Promise.resolve();
    const current = previous.then(work, work);
    this.partitionLocks.set(partition, current.catch(() => undefined));
    await current;
  }
}

/**
 * How a write is made conditional on what the batch read.
 *
 * - `atomic`: one `replaceOne` filtered on `_id` and every stream's applied version (a stream not
 *   yet applied must still be absent). MongoDB finds the document by its `_id` index, checks the
 *   versions and replaces it in one atomic step.
 * - `checked`: the documents are read again by `_id` just before the write and their versions
 *   compared, then replaced by `_id` alone. For FerretDB 1.x: a filter on anything beside `_id`
 *   makes it scan the whole collection (measured: 1 ms a replacement by `_id`, 49 ms with the
 *   versions in the filter at 4,000 documents, growing with the collection), and its filtered update
 *   is a read then a write anyway, not atomic. The window left is the time between that read and
 *   the write: a round trip, where it was a whole batch.
 *
 * A document that was absent is inserted with `insertOne` either way, which the `_id` index refuses
 * if another member wrote it since.
 */
export type WriteFencing = 'atomic' | 'checked';

/** The fencing a server needs: `checked` for FerretDB (it says so in `buildInfo`), `atomic` for MongoDB. */
export async function writeFencingOf(db: Db): Promise<WriteFencing> {
  const info = await db.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info ? 'checked' : 'atomic';
}

/** A folded document to write, with the versions it had applied when the batch read it (none: it was absent). */
interface Write<D> {
  readonly document: StoredDocument<D>;
  readonly read: StoredDocument<D>['applied'] | undefined;
}

function operation<D extends object>({ document, read }: Write<D>, fencing: WriteFencing, definition: ProjectionDefinition<D>): AnyBulkWriteOperation<StoredDocument<D>> {
  if (!read) return { insertOne: { document } };
  const versions = fencing === 'atomic' ? Object.fromEntries(definition.sources.map(({ stream }) => [`applied.${stream}`, read[stream] ?? { $exists: false }])) : {};
  return { replaceOne: { filter: { _id: document._id, ...versions } as never, replacement: document } };
}

/**
 * The result of a bulk write whose only errors are inserts that met a document already there:
 * another member wrote it since this one found it absent. Any other error is thrown.
 */
function resultOfDuplicates(error: unknown): BulkWriteResult {
  if (error instanceof MongoBulkWriteError && [error.writeErrors].flat().every((writeError) => writeError.code === 11000)) return error.result;
  throw error;
}
