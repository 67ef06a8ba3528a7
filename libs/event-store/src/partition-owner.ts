// the fixes to kafkajs hold wherever the event store's clients are made
import './kafkajs-fixes';
import type { CommandEnvelope, EventEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import { Partitioners, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import type { AggregateMemory, BatchDecision, EventStoreSpec, KeyedRecord, RememberedOutcome } from './decide-batch';
import { withinDeadline } from './deadline';
import { EventStoreError, isFencing, PartitionFencedError } from './errors';
import type { OutcomeRecord } from './outcome';
import { readPartitions, type PartitionRange } from './partition-reader';
import { checkpointKey, type AggregateSnapshot, type SnapshotRecord } from './snapshot';
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
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
  /** Test seam: runs after a batch is fully written and before its transaction commits. */
  readonly beforeCommit?: (partition: number) => Promise<void>;
}

/** Next offsets to read of the partition in each of the topics the owner writes. */
interface Ends {
  events: string;
  outcomes: string;
  snapshots: string;
}

/**
 * The single writer of one partition: its transactional producer (the transactional id is tied to
 * the partition, so a newer owner fences this one), and the memory of its aggregates.
 */
export class PartitionOwner<C extends CommandEnvelope, E extends DomainEvent, S> {
  private memory = new Map<string, AggregateMemory<S>>();
  private ends: Ends | undefined;
  private producer: Producer | undefined;
  /** Whether memory is known to match the log and the producer holds the current epoch. */
  private ready = false;
  /** Counts invalidations: a load that an assignment overtook is checked again before it counts. */
  private generation = 0;
  private changedSinceSnapshot = new Set<string>();
  private eventsSinceSnapshot = 0;
  /** The work of this partition (a load at assignment, a batch), one at a time. */
  private turn: Promise<unknown> = Promise.resolve();
  /** The heartbeats of the callers in or waiting for a turn: a long load keeps their group membership alive. */
  private readonly heartbeats = new Set<() => Promise<void>>();

  constructor(
    private readonly ctx: OwnerContext<C, E, S>,
    readonly partition: number,
  ) {}

  /** Whether the partition is loaded: its commands are decided without waiting for a load. */
  get loaded(): boolean {
    return this.ready;
  }

  memoryOf(aggregateId: string): AggregateMemory<S> | undefined {
    return this.memory.get(aggregateId);
  }

  /** After a rebalance the memory must be checked against the log before it is trusted again. */
  invalidate(): void {
    this.ready = false;
    this.generation += 1;
  }

  /**
   * Runs `work` when no other work of this partition runs. A batch waiting behind the load that
   * began at assignment lends it `heartbeat`: kafkajs fetches nothing while a batch waits, so
   * nothing else tells the group that this member is alive.
   */
  async exclusive<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    this.heartbeats.add(heartbeat);
    const previous = this.turn;
    let done: () => void = () => undefined;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      return await work();
    } finally {
      this.heartbeats.delete(heartbeat);
      done();
    }
  }

  /**
   * Fences any older owner, then makes sure the memory matches the log: kept when the partition's
   * end offsets are where this owner left them (nobody else wrote), loaded otherwise. Call it
   * within `exclusive`.
   */
  async ensureReady(): Promise<void> {
    while (!this.ready) {
      const generation = this.generation;
      await this.takeOverProducer();
      const ends = await this.endOffsets();
      if (!this.ends || !sameEnds(this.ends, ends)) {
        const started = Date.now();
        const loaded = await this.load(ends, () => this.heartbeat());
        this.ends = ends;
        this.ctx.log('partition loaded', { partition: this.partition, aggregates: this.memory.size, ms: Date.now() - started, ...loaded });
      }
      // an assignment that came meanwhile may follow another owner's writes: fence and compare again
      if (generation === this.generation) this.ready = true;
    }
  }

  private async heartbeat(): Promise<void> {
    await Promise.all([...this.heartbeats].map((heartbeat) => heartbeat()));
  }

  /**
   * Appends the batch's events and outcomes and commits the command offset, in one transaction.
   * Only after the commit does the owner adopt the batch's memory.
   */
  async commit(decision: BatchDecision<S>, nextCommandOffset: string): Promise<void> {
    const producer = this.requireProducer();
    const transaction = await producer.transaction();
    let written: { events: RecordMetadata[]; outcomes: RecordMetadata[] };
    try {
      written = {
        events: await this.send(transaction, this.ctx.topics.events, decision.events),
        outcomes: await this.send(transaction, this.ctx.topics.outcomes, decision.outcomes),
      };
      await transaction.sendOffsets({
        consumerGroupId: this.ctx.groupId,
        topics: [{ topic: this.ctx.topics.commands, partitions: [{ partition: this.partition, offset: nextCommandOffset }] }],
      });
      await this.ctx.beforeCommit?.(this.partition);
      await transaction.commit();
    } catch (error) {
      // a commit whose answer was lost may still have committed: only the log can say, so reload
      this.ready = false;
      await transaction.abort().catch(() => undefined);
      if (isFencing(error)) throw new PartitionFencedError(this.partition, error);
      throw new EventStoreError(`partition ${this.partition}: committing a batch of commands failed`, true, { cause: error });
    }

    for (const [aggregateId, memory] of decision.touched) this.memory.set(aggregateId, memory);
    for (const record of decision.events) this.changedSinceSnapshot.add(record.key);
    for (const record of decision.outcomes) this.changedSinceSnapshot.add(record.key);
    this.eventsSinceSnapshot += decision.events.length;
    if (this.ends) {
      this.ends.events = endAfter(this.ends.events, written.events, decision.events.length);
      this.ends.outcomes = endAfter(this.ends.outcomes, written.outcomes, decision.outcomes.length);
    }
  }

  /** Writes a snapshot of the aggregates changed since the last one, when enough events have passed. */
  async snapshotIfDue(): Promise<void> {
    if (this.ctx.snapshotEvery <= 0 || this.eventsSinceSnapshot < this.ctx.snapshotEvery || !this.ends) return;
    const records: KeyedRecord[] = [...this.changedSinceSnapshot].map((aggregateId) => {
      const memory = this.memory.get(aggregateId);
      const snapshot: AggregateSnapshot<S> = {
        kind: 'aggregate',
        aggregateId,
        version: memory?.version ?? 0,
        state: memory?.state ?? this.ctx.spec.decider.initialState,
        outcomes: [...(memory?.outcomes.values() ?? [])].map((remembered) => remembered.outcome),
        fingerprints: Object.fromEntries(
          [...(memory?.outcomes ?? [])].flatMap(([commandId, { fingerprint }]) => (fingerprint === undefined ? [] : [[commandId, fingerprint]])),
        ),
        ...(memory?.unreadable ? { unreadable: memory.unreadable } : {}),
      };
      return { key: aggregateId, value: JSON.stringify(snapshot) };
    });
    const checkpoint: SnapshotRecord<S> = {
      kind: 'checkpoint',
      partition: this.partition,
      eventsOffset: this.ends.events,
      outcomesOffset: this.ends.outcomes,
      stateSchema: this.ctx.stateSchema,
    };
    records.push({ key: checkpointKey(this.partition), value: JSON.stringify(checkpoint) });

    const transaction = await this.requireProducer().transaction();
    try {
      const written = await this.send(transaction, this.ctx.topics.snapshots, records);
      await transaction.commit();
      this.ends.snapshots = endAfter(this.ends.snapshots, written, records.length);
    } catch (error) {
      this.ready = false;
      await transaction.abort().catch(() => undefined);
      if (isFencing(error)) throw new PartitionFencedError(this.partition, error);
      throw new EventStoreError(`partition ${this.partition}: writing a snapshot failed`, true, { cause: error });
    }
    this.ctx.log('snapshot written', { partition: this.partition, aggregates: records.length - 1, eventsOffset: checkpoint.eventsOffset });
    this.changedSinceSnapshot.clear();
    this.eventsSinceSnapshot = 0;
  }

  async release(): Promise<void> {
    this.ready = false;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
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
      // right after a commit the broker answers the next transaction's first request with
      // CONCURRENT_TRANSACTIONS for a few milliseconds; kafkajs's default 300 ms back-off would
      // add that much to every command that follows a commit
      retry: { initialRetryTime: 10, maxRetryTime: 1_000, retries: 10 },
    });
    const fenced = async () => {
      await producer.connect();
      const fence = await producer.transaction(); // kafkajs sends InitProducerId here
      await fence.abort();
    };
    // the batch fails and is tried again with a fresh producer
    await withinDeadline(fenced(), PRODUCER_DEADLINE_MS, `partition ${this.partition}'s transactional producer`, () => void producer.disconnect().catch(() => undefined));
    this.producer = producer;
  }

  private requireProducer(): Producer {
    if (!this.producer) throw new EventStoreError(`partition ${this.partition}: no producer; the owner is not ready`, true);
    return this.producer;
  }

  private async send(
    transaction: Awaited<ReturnType<Producer['transaction']>>,
    topic: string,
    records: readonly KeyedRecord[],
  ): Promise<RecordMetadata[]> {
    const written: RecordMetadata[] = [];
    // one request per chunk: a whole fetched batch of commands can make more than the broker takes
    // in one request (message.max.bytes), and one transaction may span many requests
    for (const chunk of requestSized(records)) {
      written.push(...(await transaction.send({ topic, messages: chunk.map((record) => ({ key: record.key, value: record.value, partition: this.partition })) })));
    }
    return written;
  }

  /** High watermarks: once this owner's producer is initialised, no open transaction is left below them. */
  private async endOffsets(): Promise<Ends> {
    const { events, outcomes, snapshots } = this.ctx.topics;
    const [e, o, s] = await Promise.all([events, outcomes, snapshots].map((topic) => this.ctx.offsets.of(topic)));
    const of = (offsets: typeof e) => offsets?.find((p) => p.partition === this.partition)?.high ?? '0';
    return { events: of(e), outcomes: of(o), snapshots: of(s) };
  }

  private stalled({ ranges, attempt }: { readonly ranges: readonly PartitionRange[]; readonly attempt: number }): void {
    this.ctx.log('partition read stalled; reading on with a fresh group', { partition: this.partition, attempt, left: ranges.map((range) => `${range.topic}@${range.from}..${range.to}`) });
  }

  private async load(ends: Ends, heartbeat: () => Promise<void>): Promise<{ fromSnapshot: boolean; eventsReplayed: number }> {
    const memory = new Map<string, AggregateMemory<S>>();
    let from = { events: '0', outcomes: '0' };
    let fromSnapshot = false;
    let eventsReplayed = 0;

    if (this.ctx.snapshotEvery > 0 && ends.snapshots !== '0') {
      const latest = new Map<string, AggregateSnapshot<S>>();
      let checkpoint: SnapshotRecord<S> | undefined;
      await readPartitions(
        this.ctx.kafka,
        [{ topic: this.ctx.topics.snapshots, partition: this.partition, from: '0', to: ends.snapshots }],
        (_topic, _partition, message) => {
          const record = JSON.parse(message.value?.toString('utf8') ?? 'null') as SnapshotRecord<S> | null;
          if (record?.kind === 'aggregate') latest.set(record.aggregateId, record);
          if (record?.kind === 'checkpoint') checkpoint = record;
        },
        heartbeat,
        { onStall: (stall) => this.stalled(stall), offsets: this.ctx.offsets },
      );
      if (checkpoint?.kind === 'checkpoint' && checkpoint.stateSchema === this.ctx.stateSchema) {
        for (const snapshot of latest.values()) {
          const fingerprints = snapshot.fingerprints ?? {};
          memory.set(snapshot.aggregateId, {
            version: snapshot.version,
            state: snapshot.state,
            outcomes: new Map(snapshot.outcomes.map((outcome) => [outcome.commandId, remembered(outcome, fingerprints[outcome.commandId])])),
            ...(snapshot.unreadable ? { unreadable: snapshot.unreadable } : {}),
          });
        }
        from = { events: checkpoint.eventsOffset, outcomes: checkpoint.outcomesOffset };
        fromSnapshot = true;
      }
    }

    /** A record this owner's writes did not produce makes its aggregate unreadable, not the partition. */
    const unreadable = (aggregateId: string, offset: string, reason: string) => {
      const entry = known(aggregateId);
      if (!entry.unreadable) memory.set(aggregateId, { ...entry, unreadable: `${this.ctx.topics.events}[${this.partition}]@${offset}: ${reason}` });
      this.ctx.log('aggregate history unreadable', { partition: this.partition, aggregateId, offset, reason });
    };
    const replayed = new Set<string>();
    const known = (aggregateId: string) => {
      replayed.add(aggregateId);
      let entry = memory.get(aggregateId);
      if (!entry) {
        entry = { version: 0, state: this.ctx.spec.decider.initialState, outcomes: new Map<string, RememberedOutcome>() };
        memory.set(aggregateId, entry);
      }
      return entry;
    };

    await readPartitions(
      this.ctx.kafka,
      [
        { topic: this.ctx.topics.events, partition: this.partition, from: from.events, to: ends.events },
        { topic: this.ctx.topics.outcomes, partition: this.partition, from: from.outcomes, to: ends.outcomes },
      ],
      (topic, _partition, message) => {
        if (topic === this.ctx.topics.events) {
          eventsReplayed += 1;
          // the other aggregates' commands go on being decided
          let event: EventEnvelope;
          try {
            event = this.ctx.spec.events.decode(message.value);
          } catch (error) {
            const key = message.key?.toString();
            if (key) unreadable(key, message.offset, error instanceof Error ? error.message : String(error));
            else this.ctx.log('event without key skipped: it cannot be decoded', { partition: this.partition, offset: message.offset });
            return;
          }
          const entry = known(event.aggregateId);
          if (entry.unreadable || event.aggregateVersion <= entry.version) return; // unreadable already, or in the snapshot
          if (event.aggregateVersion !== entry.version + 1) {
            unreadable(event.aggregateId, message.offset, `version ${event.aggregateVersion} follows version ${entry.version}`);
            return;
          }
          let state: S;
          try {
            state = this.ctx.spec.decider.evolve(entry.state, event as unknown as E);
          } catch (error) {
            unreadable(event.aggregateId, message.offset, `evolve failed: ${error instanceof Error ? error.message : String(error)}`);
            return;
          }
          memory.set(event.aggregateId, { version: event.aggregateVersion, state, outcomes: entry.outcomes });
        } else {
          const record = JSON.parse(message.value?.toString('utf8') ?? 'null') as OutcomeRecord | null;
          // look-up answers and "reused" are replies only; the idempotency memory holds commands' own outcomes
          if (!record || record.reply.status === 'unknown' || record.reply.status === 'state' || record.reply.status === 'reused') return;
          if (record.requestId !== record.reply.commandId) return;
          const outcomes = known(record.reply.aggregateId).outcomes as Map<string, RememberedOutcome>;
          // a command id's first outcome is the one it keeps (a repeat's reply repeats it)
          if (!outcomes.has(record.requestId)) outcomes.set(record.requestId, remembered(record.reply, record.fingerprint));
        }
      },
      heartbeat,
      { onStall: (stall) => this.stalled(stall), offsets: this.ctx.offsets },
    );

    this.memory = memory;
    // what the log's tail changed is in no snapshot yet: the next one, whose checkpoint lies past
    // that tail, must carry it (all of memory after a load without snapshots)
    this.changedSinceSnapshot = replayed;
    // unreadable aggregates go into every snapshot: what made them so may lie before its checkpoint
    for (const [aggregateId, entry] of memory) if (entry.unreadable) this.changedSinceSnapshot.add(aggregateId);
    this.eventsSinceSnapshot = 0;
    return { fromSnapshot, eventsReplayed };
  }
}

function remembered(outcome: RememberedOutcome['outcome'], fingerprint: string | undefined): RememberedOutcome {
  return fingerprint === undefined ? { outcome } : { outcome, fingerprint };
}

function sameEnds(a: Ends, b: Ends): boolean {
  return a.events === b.events && a.outcomes === b.outcomes && a.snapshots === b.snapshots;
}

/**
 * Connecting, and fencing older owners: an older owner's open transaction is aborted (or
 * completed) by the coordinator first, which takes a few seconds at most.
 */
const PRODUCER_DEADLINE_MS = 30_000;

/** Well under the broker's default message.max.bytes (1 MB), leaving room for record overhead. */
const REQUEST_BYTES = 512 * 1024;

/** Records in runs of at most REQUEST_BYTES (a larger record goes alone), in order. */
export function requestSized(records: readonly KeyedRecord[]): KeyedRecord[][] {
  const chunks: KeyedRecord[][] = [];
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

/** The end offset after a transaction's records (consecutive: this owner is the partition's only writer) and its commit marker. */
function endAfter(previous: string, written: readonly RecordMetadata[], count: number): string {
  const base = written[0]?.baseOffset;
  if (count === 0 || base === undefined) return previous;
  return String(BigInt(base) + BigInt(count) + 1n);
}
