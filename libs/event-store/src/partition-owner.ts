// the fixes to kafkajs hold wherever the event store's clients are made
import './kafkajs-fixes';
import type { CommandEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import { join } from 'node:path';
import { Partitioners, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import type { AggregateCache } from './aggregate-cache';
import { decideBatch, forgetExpired, type AggregateMemory, type BatchDecision, type EventStoreSpec, type KeyedRecord } from './decide-batch';
import { watchedUntilDone, withinDeadline } from './deadline';
import { EventStoreError, isFencing, PartitionFencedError, PartitionNotOwnedError } from './errors';
import type { CommandOutcome, CommandReply, ReusedCommand, StateReply } from './outcome';
import { loadPartition, type PartitionEnds, type PartitionLog } from './partition-load';
import { CURSOR_START, PartitionStore, type ChangeCursor } from './partition-store';
import { snapshotRecords } from './snapshot';
import type { TopicOffsets } from './topic-offsets';

export interface OwnerContext<C extends CommandEnvelope, E extends DomainEvent, S> {
  readonly kafka: Kafka;
  readonly offsets: TopicOffsets;
  readonly spec: EventStoreSpec<C, E, S>;
  readonly topics: { readonly events: string; readonly commands: string; readonly outcomes: string; readonly snapshots: string };
  readonly groupId: string;
  /** Write a snapshot after this many events of a partition; 0 turns snapshots off. */
  readonly snapshotEvery: number;
  readonly stateSchema: number;
  /** The instance's hot aggregates, shared by its owners; the rest are read from each partition's store. */
  readonly cache: AggregateCache<AggregateMemory<S>>;
  /** Where each partition's store lives: `<stateDir>/<groupId>/p<partition>.sqlite`. */
  readonly stateDir: string;
  /** How long a command's outcome is remembered: after that its id names a new command. */
  readonly idempotencyWindowMs: number;
  /** How long deciding and committing one batch may take before `overdue` is told. */
  readonly batchDeadlineMs: number;
  readonly clock: () => Date;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
  /** What needs an operator's eye: a command whose decide threw, a batch or a load that failed. */
  readonly logError: (message: string, fields?: Record<string, unknown>) => void;
  /** A batch hangs inside kafkajs: nothing more of the partition will be decided here. */
  readonly overdue: (partition: number) => void;
  /**
   * Whether the group's assignment gives this member the partition; `rebalancing` while the
   * assignments are being made. `describedAfter` asks for a description of the group requested at
   * or after that instant (ms since the epoch); otherwise one a few hundred ms old will do.
   */
  readonly assignment: (partition: number, describedAfter?: number) => Promise<'assigned' | 'not-assigned' | 'rebalancing'>;
  /**
   * The owner takes no more work: a newer owner fenced it (`fenced`), or the group gave the partition
   * to another member (`not-assigned`). The processor stops taking the partition's work.
   */
  readonly lost: (owner: PartitionOwner<C, E, S>, why: 'fenced' | 'not-assigned') => void;
  /** Told of every committed batch: for the processor's counters. */
  readonly committed: (counts: { readonly commands: number; readonly events: number }) => void;
  /** Test seam: runs after a batch is fully written and before its transaction commits. */
  readonly beforeCommit?: (partition: number) => Promise<void>;
  /** Test seam: runs after a commit succeeded; one that throws is a commit whose answer was lost. */
  readonly afterCommit?: (partition: number) => Promise<void>;
}

interface Settle<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * What a partition's owner is asked to do. Each is answered only after the transaction that
 * decided it has committed (or, for reads, after a proof that this owner was still the owner).
 */
type Work<S> =
  /** A command handed over in-process (HTTP, or forwarded by another instance): answered with its outcome. */
  | { readonly kind: 'command'; readonly value: Buffer; readonly settle: Settle<CommandOutcome | ReusedCommand> }
  /** A batch of the commands topic: its offset is committed in the same transaction. */
  | {
      readonly kind: 'records';
      readonly values: readonly (Buffer | null)[];
      readonly offsets: readonly string[];
      readonly nextOffset: string;
      readonly heartbeat: () => Promise<void>;
      readonly settle: Settle<void>;
    }
  | { readonly kind: 'read'; readonly aggregateId: string; readonly settle: Settle<StateReply<S>> }
  | { readonly kind: 'lookup'; readonly aggregateId: string; readonly commandId: string; readonly settle: Settle<CommandReply> };

/** A record on its way to one of the owner's topics, all in partition p. */
interface TopicRecord extends KeyedRecord {
  readonly topic: string;
}

/**
 * The single writer of one partition: its transactional producer (the transactional id is tied to
 * the partition, so a newer owner fences this one), the memory of its aggregates, and the queue of
 * work for it. One loop per partition takes everything queued, decides it against the memory
 * (decideBatch), writes the events and outcomes in one produce request, commits, and only then
 * answers every caller. While one transaction commits, new work queues up: a group commit whose
 * size follows the load, with no linger.
 */
export class PartitionOwner<C extends CommandEnvelope, E extends DomainEvent, S> {
  /** Every committed aggregate of the partition, on disk; the hot ones are in `ctx.cache` too. */
  private store: PartitionStore<S> | undefined;
  private ends: PartitionEnds | undefined;
  private producer: Producer | undefined;
  /** Whether memory is known to match the log and the producer holds the current epoch. */
  private ready = false;
  /** Counts invalidations: a load that an assignment overtook is checked again before it counts. */
  private generation = 0;
  private eventsSinceSnapshot = 0;
  /** A snapshot round under way: the ends it checkpoints, the change it covers, and how far it got. */
  private round: { readonly ends: PartitionEnds; readonly seq: number; cursor: ChangeCursor } | undefined;
  private lastSweep = 0;
  /** The cluster the log is on, recorded in the store's checkpoint. */
  private clusterId = '';
  private queue: Work<S>[] = [];
  /** The batch being decided and committed: its topic batches lend their heartbeats too. */
  private inHand: readonly Work<S>[] = [];
  private running = false;
  /** The batch being decided and committed, if any: a release lets it finish. */
  private current: Promise<void> | undefined;
  /** Released (the partition moved on) or fenced: no more work is taken. */
  private closed = false;
  private failures = 0;
  /** Ends the pause after a failure early (a new assignment); set only while the loop pauses. */
  private endBackoff: (() => void) | undefined;

  constructor(
    private readonly ctx: OwnerContext<C, E, S>,
    readonly partition: number,
  ) {}

  /** Whether the partition is loaded: its commands are decided without waiting for a load. */
  get loaded(): boolean {
    return this.ready && !this.closed;
  }

  /**
   * The aggregate as committed, from the cache or else the store (and then cached), without the
   * outcomes past the idempotency window.
   */
  memoryOf(aggregateId: string): AggregateMemory<S> | undefined {
    const cached = this.ctx.cache.get(this.partition, aggregateId);
    const known = cached ?? this.requireStore().read(aggregateId, this.ctx.spec.decider.initialState);
    if (!known) return undefined;
    const current = forgetExpired(known, this.forgetBefore());
    if (current !== cached) this.ctx.cache.set(this.partition, aggregateId, current);
    return current;
  }

  /** What the load of this partition read last, for tests and the bench: where it began and how many records. */
  lastLoad: Readonly<Record<string, unknown>> | undefined;

  /** Loads the partition now, not on its first command: a quiet partition is ready too. */
  warm(): void {
    this.kick();
  }

  /** After a rebalance the memory must be checked against the log before it is trusted again. */
  invalidate(): void {
    this.ready = false;
    this.generation += 1;
    // a new assignment is what a load that failed while the group rebalanced waits for: try now
    this.failures = 0;
    this.endBackoff?.();
    this.kick();
  }

  /** Decides a command handed over in-process; resolves with its outcome once it is committed. */
  command(value: Buffer): Promise<CommandOutcome | ReusedCommand> {
    return this.enqueue((settle) => ({ kind: 'command', value, settle }));
  }

  /** Decides a batch of the commands topic and commits `nextOffset` with it; resolves once committed. */
  records(values: readonly (Buffer | null)[], offsets: readonly string[], nextOffset: string, heartbeat: () => Promise<void>): Promise<void> {
    return this.enqueue((settle) => ({ kind: 'records', values, offsets, nextOffset, heartbeat, settle }));
  }

  /** The aggregate as this owner knows it after every command queued before the read, and while it still owns the partition. */
  read(aggregateId: string): Promise<StateReply<S>> {
    return this.enqueue((settle) => ({ kind: 'read', aggregateId, settle }));
  }

  /** What became of a command, as this owner knows it after everything queued before the look-up. */
  lookUp(aggregateId: string, commandId: string): Promise<CommandReply> {
    return this.enqueue((settle) => ({ kind: 'lookup', aggregateId, commandId, settle }));
  }

  /**
   * Takes no more work: what is queued is told to ask the partition's new owner, and the batch in
   * hand is let finish (it commits, or fails and is told the same).
   */
  async release(): Promise<void> {
    this.closed = true;
    this.ready = false;
    this.endBackoff?.();
    this.failAll(this.queue.splice(0), new PartitionNotOwnedError(this.partition));
    await this.current?.catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
    // a load still under way writes nothing more: its store is closed
    this.store?.close();
    this.store = undefined;
    this.ctx.cache.dropPartition(this.partition);
  }

  private enqueue<T>(make: (settle: Settle<T>) => Work<S>): Promise<T> {
    if (this.closed) return Promise.reject(new PartitionNotOwnedError(this.partition));
    return new Promise<T>((resolve, reject) => {
      this.queue.push(make({ resolve, reject }));
      this.kick();
    });
  }

  private kick(): void {
    if (this.running || this.closed) return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      if (!this.closed && (!this.ready || this.queue.length > 0 || this.snapshotDue())) this.kick();
    });
  }

  /**
   * The partition's loop: load when needed, then one batch at a time of whatever is queued. A due
   * snapshot rides along in the next batch; when none follows, it is written once the partition is
   * idle, so that it never holds up a batch.
   */
  private async run(): Promise<void> {
    while (!this.closed && (!this.ready || this.queue.length > 0 || this.snapshotDue())) {
      let batch: Work<S>[] = [];
      try {
        await this.ensureReady();
        batch = this.queue.splice(0);
        if (batch.length === 0 && !this.snapshotDue()) continue;
        this.inHand = batch;
        this.current = watchedUntilDone(() => this.decideAndCommit(batch), this.ctx.batchDeadlineMs, () => this.ctx.overdue(this.partition));
        await this.current;
        this.failures = 0;
      } catch (error) {
        await this.failed(batch, error);
      } finally {
        this.inHand = [];
        this.current = undefined;
      }
    }
  }

  /**
   * A load or a batch failed. Fenced: everything is told to ask the new owner. Otherwise the
   * commands waiting in-process are decided again after a reload (a commit whose answer was lost
   * may have gone through: the log then holds their outcomes, and they are answered from it), and
   * the topic batches fail, for kafkajs to hand them over again.
   */
  private async failed(batch: readonly Work<S>[], error: unknown): Promise<void> {
    const waiting = [...batch, ...this.queue.splice(0)];
    if (this.closed) return this.failAll(waiting, new PartitionNotOwnedError(this.partition, { cause: error }));
    if (error instanceof PartitionFencedError || isFencing(error)) {
      this.closed = true;
      this.ready = false;
      this.failAll(waiting, error instanceof PartitionFencedError ? error : new PartitionFencedError(this.partition, error));
      this.ctx.lost(this, 'fenced');
      return;
    }
    if (error instanceof PartitionNotOwnedError) {
      this.closed = true;
      this.ready = false;
      this.failAll(waiting, error);
      this.ctx.lost(this, 'not-assigned');
      return;
    }
    this.ready = false;
    this.failures += 1;
    const pause = Math.min(30_000, 250 * 2 ** (this.failures - 1));
    const reason = error instanceof Error ? error.message : String(error);
    this.ctx.logError(batch.length === 0 ? 'loading a partition failed; trying again' : 'a batch of commands failed; it is decided again after a reload', {
      partition: this.partition,
      inMs: pause,
      error: reason,
    });
    for (const work of waiting) if (work.kind === 'records') work.settle.reject(error);
    this.queue.unshift(...waiting.filter((work) => work.kind !== 'records'));
    // A batch of the commands topic that arrives now waits out the pause inside kafkajs's eachBatch,
    // where kafkajs neither heartbeats nor rejoins by itself: unattended, the coordinator drops this
    // member, or a rebalance never settles and every later load meets it (seen for good with the
    // broker paused past the session). So the pause heartbeats for the waiting batches; one whose
    // heartbeat fails (the group rebalances) is handed back at once, for kafkajs to rejoin.
    const keepAlive = setInterval(() => this.heartbeatWaitingBatches(), PAUSE_HEARTBEAT_MS).unref();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.endBackoff?.(), pause).unref();
      this.endBackoff = () => {
        clearTimeout(timer);
        clearInterval(keepAlive);
        this.endBackoff = undefined;
        resolve();
      };
    });
  }

  private heartbeatWaitingBatches(): void {
    for (const work of this.queue) {
      if (work.kind !== 'records') continue;
      work.heartbeat().catch((error: unknown) => {
        const index = this.queue.indexOf(work);
        if (index < 0) return; // taken up by the loop meanwhile: its batch heartbeats on its own
        this.queue.splice(index, 1);
        work.settle.reject(error);
      });
    }
  }

  private failAll(work: readonly Work<S>[], error: unknown): void {
    for (const one of work) one.settle.reject(error);
  }

  /**
   * Fences any older owner, then makes sure the memory matches the log: kept when the partition's
   * end offsets are where this owner left them (nobody else wrote), loaded otherwise.
   *
   * Only while the group gives this member the partition, asked again after the fence: an instance
   * frozen past its session (a long GC pause, SIGSTOP) may wake up in the middle of taking a
   * partition over, with a description of the group from before its pause in hand, and fence the
   * owner the group chose since. The group described after its own fence tells it so: it then
   * serves nothing (the owner it fenced takes the partition back when it next writes). An owner the
   * group still named after its fence is fenced in turn by any owner chosen later.
   */
  private async ensureReady(): Promise<void> {
    while (!this.ready && !this.closed) {
      const generation = this.generation;
      // asked first too, so that an instance that already knows it lost the partition fences no one
      await this.stillAssigned();
      await this.takeOverProducer();
      await this.stillAssigned(Date.now());
      const log = await this.partitionLog();
      const ends = log.ends;
      if (!this.ends || !sameEnds(this.ends, ends)) {
        const started = Date.now();
        // the cache may hold what another owner has changed since: the store, checked against the log, decides
        this.ctx.cache.dropPartition(this.partition);
        this.round = undefined;
        this.ends = undefined;
        this.store ??= PartitionStore.open<S>(join(this.ctx.stateDir, this.ctx.groupId, `p${this.partition}.sqlite`), this.ctx.log);
        const loaded = await loadPartition(this.ctx, this.partition, log, this.store, () => this.heartbeat());
        if (this.closed) throw new PartitionNotOwnedError(this.partition);
        // a long tail is in no snapshot: it makes the next one due as its events would have
        this.eventsSinceSnapshot = loaded.eventsReplayed;
        this.lastSweep = Date.now();
        this.clusterId = log.clusterId;
        this.ends = ends;
        this.lastLoad = { partition: this.partition, ...loaded, aggregates: this.store.counts().aggregates, ms: Date.now() - started };
        this.ctx.log('partition loaded', { ...this.lastLoad, fromSnapshot: loaded.source === 'snapshots' });
      }
      // an assignment that came meanwhile may follow another owner's writes: fence and compare again
      if (generation === this.generation) this.ready = true;
    }
  }

  private async stillAssigned(describedAfter?: number): Promise<void> {
    const assignment = await this.ctx.assignment(this.partition, describedAfter);
    if (assignment === 'not-assigned') throw new PartitionNotOwnedError(this.partition);
    if (assignment === 'rebalancing') throw new EventStoreError(`partition ${this.partition}: the group is rebalancing; it is taken over once the group has assigned it`, true);
  }

  /**
   * kafkajs fetches nothing for a topic batch that waits here, so nothing else tells the group
   * that this member is alive during a long load: the waiting batches' heartbeats do.
   */
  private async heartbeat(): Promise<void> {
    const lenders = [...this.inHand, ...this.queue].flatMap((work) => (work.kind === 'records' ? [work.heartbeat] : []));
    await Promise.all(lenders.map((heartbeat) => heartbeat()));
  }

  /**
   * One batch: decide everything in it against the memory, write events, outcomes (and a snapshot
   * when one is due) in one transaction with the offset of the topic's commands, commit, adopt the
   * new memory, answer.
   */
  private async decideAndCommit(batch: readonly Work<S>[]): Promise<void> {
    const values: (Buffer | null)[] = [];
    const sources: { work: Work<S>; offset?: string }[] = [];
    for (const work of batch) {
      if (work.kind === 'command') {
        values.push(work.value);
        sources.push({ work });
      } else if (work.kind === 'records') {
        values.push(...work.values);
        sources.push(...work.offsets.map((offset) => ({ work, offset })));
      }
    }
    const decision = values.length > 0 ? await decideBatch(this.ctx.spec, (id) => this.memoryOf(id), values, this.ctx.clock().toISOString()) : undefined;
    if (decision) this.report(decision, sources);

    const topicBatches = batch.filter((work) => work.kind === 'records');
    const nextOffset = topicBatches[topicBatches.length - 1]?.nextOffset;
    const snapshot = this.snapshotDue() ? this.snapshotChunk() : undefined;
    const { events, outcomes, snapshots } = this.ctx.topics;
    const records: TopicRecord[] = [
      ...(decision?.events ?? []).map((record) => ({ ...record, topic: events })),
      ...(decision?.outcomes ?? []).map((record) => ({ ...record, topic: outcomes })),
      ...(snapshot?.records ?? []).map((record) => ({ ...record, topic: snapshots })),
    ];

    if (records.length > 0 || nextOffset !== undefined) {
      const written = await this.commit(records, nextOffset);
      this.adopt(decision, snapshot, written, records);
    } else {
      // reads only: nothing to write, but the answer must come from the partition's owner
      await this.proveStillOwner();
    }

    for (const [index, { work }] of sources.entries()) {
      const reply = decision?.replies[index];
      if (work.kind === 'command') {
        if (reply) work.settle.resolve(reply as CommandOutcome | ReusedCommand);
        else work.settle.reject(new EventStoreError(`partition ${this.partition}: a command without a command id or aggregate id cannot be answered`, false));
      }
    }
    for (const work of batch) {
      switch (work.kind) {
        case 'records':
          work.settle.resolve();
          break;
        case 'read': {
          const known = this.memoryOf(work.aggregateId);
          work.settle.resolve({ status: 'state', aggregateId: work.aggregateId, version: known?.version ?? 0, state: known?.state ?? this.ctx.spec.decider.initialState });
          break;
        }
        case 'lookup':
          work.settle.resolve(this.memoryOf(work.aggregateId)?.outcomes.get(work.commandId)?.outcome ?? { status: 'unknown', commandId: work.commandId, aggregateId: work.aggregateId });
          break;
        case 'command':
          break;
        default: {
          const unreachable: never = work;
          return unreachable;
        }
      }
    }
    this.ctx.committed({ commands: values.length, events: decision?.events.length ?? 0 });
  }

  private report(decision: BatchDecision<S>, sources: readonly { work: Work<S>; offset?: string }[]): void {
    for (const { index, reason } of decision.undecodable) {
      this.ctx.log('command record ignored', { partition: this.partition, offset: sources[index]?.offset, reason });
    }
    for (const { index, commandId, aggregateId, error } of decision.failed) {
      this.ctx.logError('command failed: deciding it threw; it is answered "failed" and the partition goes on', {
        partition: this.partition,
        offset: sources[index]?.offset,
        aggregateId,
        commandId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }

  /**
   * Writes the records and commits the command offset in one transaction: each run of records
   * goes in one produce request, whichever of the partition's topics it is for.
   */
  private async commit(records: readonly TopicRecord[], nextCommandOffset: string | undefined): Promise<RecordMetadata[]> {
    const producer = this.requireProducer();
    const transaction = await producer.transaction();
    const written: RecordMetadata[] = [];
    try {
      // one request per chunk: a whole fetched batch of commands can make more than the broker takes
      // in one request (message.max.bytes), and one transaction may span many requests
      for (const chunk of requestSized(records)) {
        const topics = [...new Set(chunk.map((record) => record.topic))];
        const topicMessages = topics.map((topic) => ({
          topic,
          messages: chunk.filter((record) => record.topic === topic).map((record) => ({ key: record.key, value: record.value, partition: this.partition })),
        }));
        written.push(...(await transaction.sendBatch({ topicMessages })));
      }
      if (nextCommandOffset !== undefined) {
        await transaction.sendOffsets({
          consumerGroupId: this.ctx.groupId,
          topics: [{ topic: this.ctx.topics.commands, partitions: [{ partition: this.partition, offset: nextCommandOffset }] }],
        });
      }
      await this.ctx.beforeCommit?.(this.partition);
      await transaction.commit();
      await this.ctx.afterCommit?.(this.partition);
    } catch (error) {
      // a commit whose answer was lost may still have committed: only the log can say, so reload
      this.ready = false;
      await transaction.abort().catch(() => undefined);
      if (isFencing(error)) throw new PartitionFencedError(this.partition, error);
      throw new EventStoreError(`partition ${this.partition}: committing a batch of commands failed`, true, { cause: error });
    }
    return written;
  }

  /**
   * The cheapest proof that this owner's epoch is still the current one: a transaction that adds
   * the command offsets (AddOffsetsToTxn, checked against the epoch by the transaction coordinator)
   * and is aborted, so nothing of it is kept. A fenced owner fails here and answers nothing.
   */
  private async proveStillOwner(): Promise<void> {
    const transaction = await this.requireProducer().transaction();
    try {
      await transaction.sendOffsets({
        consumerGroupId: this.ctx.groupId,
        topics: [{ topic: this.ctx.topics.commands, partitions: [{ partition: this.partition, offset: '0' }] }],
      });
      await transaction.abort();
    } catch (error) {
      this.ready = false;
      await transaction.abort().catch(() => undefined);
      if (isFencing(error)) throw new PartitionFencedError(this.partition, error);
      throw new EventStoreError(`partition ${this.partition}: checking that this instance still owns it failed`, true, { cause: error });
    }
  }

  /**
   * After a commit: the batch's memory becomes the owner's, in the cache and in the store, with the
   * ends past what was written as the store's checkpoint (one SQLite transaction); a snapshot chunk
   * moves its round on.
   */
  private adopt(decision: BatchDecision<S> | undefined, snapshot: SnapshotChunk | undefined, written: readonly RecordMetadata[], records: readonly TopicRecord[]): void {
    let snapshotSeq: number | undefined;
    if (snapshot && this.round) {
      this.round.cursor = snapshot.last ?? this.round.cursor;
      if (snapshot.done) {
        this.ctx.log('snapshot written', { partition: this.partition, eventsOffset: this.round.ends.events });
        snapshotSeq = this.round.seq;
        this.round = undefined;
        this.eventsSinceSnapshot = 0;
      }
    }
    if (decision) {
      for (const [aggregateId, memory] of decision.touched) this.ctx.cache.set(this.partition, aggregateId, memory);
      this.eventsSinceSnapshot += decision.events.length;
    }
    if (!this.ends) return;
    const { events, outcomes, snapshots } = this.ctx.topics;
    const count = (topic: string) => records.filter((record) => record.topic === topic).length;
    this.ends = {
      events: endAfter(this.ends.events, written, events, count(events)),
      outcomes: endAfter(this.ends.outcomes, written, outcomes, count(outcomes)),
      snapshots: endAfter(this.ends.snapshots, written, snapshots, count(snapshots)),
    };
    try {
      const store = this.requireStore();
      const checkpoint = { events: this.ends.events, outcomes: this.ends.outcomes, stateSchema: this.ctx.stateSchema, eventsTopic: events, clusterId: this.clusterId };
      store.write({
        aggregates: [...(decision?.touched ?? [])].map(([id, { version, state, unreadable }]) => [id, { version, state, ...(unreadable ? { unreadable } : {}) }] as const),
        outcomes: decision?.remembered ?? [],
        changed: true,
        checkpoint,
        ...(snapshotSeq === undefined ? {} : { snapshotSeq }),
      });
      if (Date.now() - this.lastSweep > OUTCOME_SWEEP_MS) {
        this.lastSweep = Date.now();
        store.forgetOutcomesBefore(this.forgetBefore());
      }
    } catch (error) {
      // committed to the log but not to the disk: the store is behind its log, and a reload catches it up
      this.ready = false;
      this.ends = undefined;
      this.ctx.logError('writing the partition store failed; the partition is loaded again from its checkpoint', {
        partition: this.partition,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * The next chunk of the snapshot round (one begins when a snapshot is due): the aggregates the
   * store marks changed since the last round, as committed, past the round's cursor in the order of
   * their last change (one changed again during the round moves behind the cursor and is met again).
   * The round's checkpoint is the ends at its start, written with its last chunk: every aggregate
   * changed before them is in the round, at that state or a later one (events at or below a
   * snapshot's version are skipped on replay), and what changed after them is replayed from them.
   */
  private snapshotChunk(): SnapshotChunk | undefined {
    const store = this.requireStore();
    if (!this.round) {
      if (!this.ends) return undefined;
      // outcomes past the window leave the snapshots too: their aggregates are written again without them
      store.forgetOutcomesBefore(this.forgetBefore());
      this.round = { ends: { ...this.ends }, seq: store.seq, cursor: CURSOR_START };
    }
    const rows = store.changedAfter(store.snapshotSeq, this.round.cursor, SNAPSHOT_CHUNK);
    const ids = rows.map((row) => row.id);
    const initial = this.ctx.spec.decider.initialState;
    const forgetBefore = this.forgetBefore();
    const aggregates = ids.flatMap((id) => {
      const known = store.read(id, initial);
      return known ? [[id, forgetExpired(known, forgetBefore)] as const] : [];
    });
    const done = ids.length < SNAPSHOT_CHUNK;
    const checkpoint = done ? { partition: this.partition, ends: this.round.ends, stateSchema: this.ctx.stateSchema } : undefined;
    return { records: snapshotRecords(aggregates, checkpoint), last: rows[rows.length - 1], done };
  }

  private forgetBefore(): number {
    return this.ctx.clock().getTime() - this.ctx.idempotencyWindowMs;
  }

  private requireStore(): PartitionStore<S> {
    if (!this.store) throw new EventStoreError(`partition ${this.partition}: its store is not open; the owner is not ready`, true);
    return this.store;
  }

  private snapshotDue(): boolean {
    return this.ctx.snapshotEvery > 0 && (this.round !== undefined || this.eventsSinceSnapshot >= this.ctx.snapshotEvery);
  }

  /**
   * A fresh producer on the partition's transactional id. Initialising it bumps the epoch: an older
   * owner can no longer commit, and a transaction it left open is aborted (or, if it was already
   * committing, completed) before this returns.
   */
  private async takeOverProducer(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
    const producer = this.ctx.kafka.producer({
      transactionalId: `${this.ctx.groupId}-p${this.partition}`,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // CONCURRENT_TRANSACTIONS after a commit is asked again within the fixes (kafkajs-fixes.ts);
      // this back-off is for the rest, such as a broker that restarts
      retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 10 },
    });
    const fenced = async () => {
      await producer.connect();
      const fence = await producer.transaction(); // kafkajs sends InitProducerId here
      await fence.abort();
    };
    // the batch fails and is tried again with a fresh producer
    await withinDeadline(fenced(), PRODUCER_DEADLINE_MS, `partition ${this.partition}'s transactional producer`, () => void producer.disconnect().catch(() => undefined));
    if (this.closed) {
      await producer.disconnect().catch(() => undefined);
      throw new PartitionNotOwnedError(this.partition);
    }
    this.producer = producer;
  }

  private requireProducer(): Producer {
    if (!this.producer) throw new EventStoreError(`partition ${this.partition}: no producer; the owner is not ready`, true);
    return this.producer;
  }

  /**
   * High watermarks (once this owner's producer is initialised, no open transaction is left below
   * them), the events' log start, and the cluster: what a store is checked against.
   */
  private async partitionLog(): Promise<PartitionLog> {
    const { events, outcomes, snapshots } = this.ctx.topics;
    const [[e, o, s], clusterId] = await Promise.all([Promise.all([events, outcomes, snapshots].map((topic) => this.ctx.offsets.of(topic))), this.ctx.offsets.clusterId()]);
    const of = (offsets: typeof e, edge: 'low' | 'high') => offsets?.find((p) => p.partition === this.partition)?.[edge] ?? '0';
    return { ends: { events: of(e, 'high'), outcomes: of(o, 'high'), snapshots: of(s, 'high') }, eventsStart: of(e, 'low'), clusterId };
  }
}

function sameEnds(a: PartitionEnds, b: PartitionEnds): boolean {
  return a.events === b.events && a.outcomes === b.outcomes && a.snapshots === b.snapshots;
}

/**
 * Connecting, and fencing older owners: an older owner's open transaction is aborted (or
 * completed) by the coordinator first, which takes a few seconds at most.
 */
const PRODUCER_DEADLINE_MS = 30_000;

/** Aggregates per snapshot chunk: a round of a million changed aggregates goes out a few thousand per transaction. */
const SNAPSHOT_CHUNK = 2_000;

/** How often the store forgets the outcomes past the window, besides each load and snapshot round. */
const OUTCOME_SWEEP_MS = 60_000;

/** How often a pause after a failure heartbeats for its waiting batches; kafkajs sends one per heartbeat interval at most. */
const PAUSE_HEARTBEAT_MS = 1_000;

/** A chunk of a snapshot round: its records, the last aggregate id in it, and whether it ends the round. */
interface SnapshotChunk {
  readonly records: KeyedRecord[];
  readonly last: ChangeCursor | undefined;
  readonly done: boolean;
}

/** Well under the broker's default message.max.bytes (1 MB), leaving room for record overhead. */
const REQUEST_BYTES = 512 * 1024;

/** Records in runs of at most REQUEST_BYTES (a larger record goes alone), in order. */
export function requestSized<T extends KeyedRecord>(records: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let bytes = 0;
  for (const record of records) {
    const size = Buffer.byteLength(record.key) + Buffer.byteLength(record.value) + 64;
    const current = chunks[chunks.length - 1];
    if (current && bytes + size <= REQUEST_BYTES) {
      current.push(record);
      bytes += size;
    } else {
      chunks.push([record]);
      bytes = size;
    }
  }
  return chunks;
}

/**
 * The end offset of a topic's partition after a transaction: past its records (consecutive: this
 * owner is the partition's only writer) and the commit marker. Unchanged when none were written.
 */
function endAfter(previous: string, written: readonly RecordMetadata[], topic: string, count: number): string {
  const base = written.find((metadata) => metadata.topicName === topic)?.baseOffset;
  if (count === 0 || base === undefined) return previous;
  return String(BigInt(base) + BigInt(count) + 1n);
}
