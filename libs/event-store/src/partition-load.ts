import type { CommandEnvelope, EventEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { EventStoreSpec } from './decide-batch';
import type { CommandOutcome, OutcomeRecord } from './outcome';
import { readPartitions, type PartitionRange } from './partition-reader';
import type { AggregateRow, OutcomeRow, PartitionStore, StoreCheckpoint } from './partition-store';
import type { SnapshotRecord } from './snapshot';
import type { TopicOffsets } from './topic-offsets';

/** What loading a partition needs: the topics, the decider's state side, and whether snapshots are kept. */
export interface LoadContext<C extends CommandEnvelope, E extends DomainEvent, S> {
  readonly kafka: Kafka;
  readonly offsets: TopicOffsets;
  readonly spec: EventStoreSpec<C, E, S>;
  readonly topics: { readonly events: string; readonly outcomes: string; readonly snapshots: string };
  readonly snapshotEvery: number;
  readonly stateSchema: number;
  /** How long an outcome is remembered: older ones are not loaded. */
  readonly idempotencyWindowMs: number;
  readonly clock: () => Date;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
}

/** Next offsets to read of a partition in each of the topics its owner writes. */
export interface PartitionEnds {
  events: string;
  outcomes: string;
  snapshots: string;
}

/** Where the partition's log begins and ends now, and which cluster holds it. */
export interface PartitionLog {
  readonly ends: PartitionEnds;
  /** The first offset still kept of the events partition (retention, delete-records). */
  readonly eventsStart: string;
  readonly clusterId: string;
}

/**
 * Where the load began: the instance's own store (only its tail read), the compacted snapshots topic
 * (the changelog, then the tail after its checkpoint), or the log from its start.
 */
export type LoadSource = 'store' | 'snapshots' | 'log';

export interface LoadedPartition {
  readonly source: LoadSource;
  /** Why the store was not used, when it was not. */
  readonly storeDiscarded?: string;
  /** Records read of each topic: what the load cost, whatever the clock says. */
  readonly snapshotRecords: number;
  readonly eventsReplayed: number;
  readonly outcomesRead: number;
}

/** Rows written to the store per SQLite transaction while loading: the heap holds at most this many. */
const LOAD_FLUSH_ROWS = 2_000;

/**
 * Brings a partition's store up to `log.ends`. A store whose checkpoint lies within the log (of this
 * cluster, topic and state shape) reads only the events and outcomes after its checkpoint. Any
 * other store is emptied and filled again: from the snapshots topic (when snapshots are kept and its
 * checkpoint is of the current state shape) and the tail after that checkpoint, or from the log's
 * start. Events fold with the decider's `evolve`; outcomes within the idempotency window make the
 * idempotency memory. Nothing is held in the heap beyond a flush's worth of rows.
 */
export async function loadPartition<C extends CommandEnvelope, E extends DomainEvent, S>(
  ctx: LoadContext<C, E, S>,
  partition: number,
  log: PartitionLog,
  store: PartitionStore<S>,
  heartbeat: () => Promise<void>,
): Promise<LoadedPartition> {
  const { ends } = log;
  const forgetBefore = ctx.clock().getTime() - ctx.idempotencyWindowMs;
  const readOptions = { onStall: (stall: StallInfo) => stalled(ctx, partition, stall), offsets: ctx.offsets };
  let from: { events: string; outcomes: string } = { events: '0', outcomes: '0' };
  let source: LoadSource = 'log';
  let snapshotRecords = 0;

  const storeDiscarded = untrusted(store.checkpoint, ctx, log);
  if (storeDiscarded === undefined) {
    const kept = store.checkpoint as StoreCheckpoint;
    from = { events: kept.events, outcomes: kept.outcomes };
    source = 'store';
  } else {
    store.clear();
    if (ctx.snapshotEvery > 0 && ends.snapshots !== '0') {
      const writer = new RowWriter(store, ctx.spec.decider.initialState, false);
      let checkpoint: SnapshotRecord<S> | undefined;
      await readPartitions(
        ctx.kafka,
        [{ topic: ctx.topics.snapshots, partition, from: '0', to: ends.snapshots }],
        (_topic, _partition, message) => {
          snapshotRecords += 1;
          const record = JSON.parse(message.value?.toString('utf8') ?? 'null') as SnapshotRecord<S> | null;
          if (record?.kind === 'checkpoint') checkpoint = record;
          if (record?.kind !== 'aggregate') return;
          // a later record of the same aggregate replaces it (the topic is compacted, but not at once)
          writer.set(record.aggregateId, { version: record.version, state: record.state, ...(record.unreadable ? { unreadable: record.unreadable } : {}) });
          const fingerprints = record.fingerprints ?? {};
          for (const outcome of record.outcomes) {
            const at = record.decidedAt?.[outcome.commandId] ?? Number(message.timestamp);
            if (at < forgetBefore) continue;
            const fingerprint = fingerprints[outcome.commandId];
            writer.outcome({ aggregateId: record.aggregateId, commandId: outcome.commandId, outcome, at, ...(fingerprint === undefined ? {} : { fingerprint }) });
          }
        },
        heartbeat,
        readOptions,
      );
      // a checkpoint past the log's end was written to a topic since recreated: not this log's
      if (checkpoint?.kind === 'checkpoint' && checkpoint.stateSchema === ctx.stateSchema && BigInt(checkpoint.eventsOffset) <= BigInt(ends.events)) {
        writer.flush();
        from = { events: checkpoint.eventsOffset, outcomes: checkpoint.outcomesOffset };
        source = 'snapshots';
      } else {
        writer.discard();
        store.clear();
      }
    }
  }

  const writer = new RowWriter(store, ctx.spec.decider.initialState, true);
  let eventsReplayed = 0;
  let outcomesRead = 0;
  /** A record this owner's writes did not produce makes its aggregate unreadable, not the partition. */
  const unreadable = (aggregateId: string, offset: string, reason: string) => {
    const row = writer.get(aggregateId);
    if (!row.unreadable) writer.set(aggregateId, { ...row, unreadable: `${ctx.topics.events}[${partition}]@${offset}: ${reason}` });
    ctx.log('aggregate history unreadable', { partition, aggregateId, offset, reason });
  };
  const onEvent = (message: KafkaMessage) => {
    eventsReplayed += 1;
    // the other aggregates' commands go on being decided
    let event: EventEnvelope;
    try {
      event = ctx.spec.events.decode(message.value);
    } catch (error) {
      const key = message.key?.toString();
      if (key) unreadable(key, message.offset, error instanceof Error ? error.message : String(error));
      else ctx.log('event without key skipped: it cannot be decoded', { partition, offset: message.offset });
      return;
    }
    const row = writer.get(event.aggregateId);
    if (row.unreadable || event.aggregateVersion <= row.version) return; // unreadable already, or in the snapshot
    if (event.aggregateVersion !== row.version + 1) {
      unreadable(event.aggregateId, message.offset, `version ${event.aggregateVersion} follows version ${row.version}`);
      return;
    }
    let state: S;
    try {
      state = ctx.spec.decider.evolve(row.state, event as unknown as E);
    } catch (error) {
      unreadable(event.aggregateId, message.offset, `evolve failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    writer.set(event.aggregateId, { version: event.aggregateVersion, state });
  };
  const onOutcome = (message: KafkaMessage) => {
    outcomesRead += 1;
    const record = JSON.parse(message.value?.toString('utf8') ?? 'null') as OutcomeRecord | null;
    // look-up answers and "reused" are replies only; the idempotency memory holds commands' own outcomes
    if (!record || record.reply.status === 'unknown' || record.reply.status === 'state' || record.reply.status === 'reused') return;
    if (record.requestId !== record.reply.commandId) return;
    const at = Number(message.timestamp);
    if (at < forgetBefore) return;
    const reply: CommandOutcome = record.reply;
    // a command id's first outcome is the one it keeps (a repeat's reply repeats it): the store keeps the first
    writer.outcome({ aggregateId: reply.aggregateId, commandId: record.requestId, outcome: reply, at, ...(record.fingerprint === undefined ? {} : { fingerprint: record.fingerprint }) });
  };
  await readPartitions(
    ctx.kafka,
    [
      { topic: ctx.topics.events, partition, from: from.events, to: ends.events },
      { topic: ctx.topics.outcomes, partition, from: from.outcomes, to: ends.outcomes },
    ],
    (topic, _partition, message) => (topic === ctx.topics.events ? onEvent(message) : onOutcome(message)),
    heartbeat,
    readOptions,
  );
  // the store reaches the ends read, in the transaction that writes the last rows
  writer.flush({ events: ends.events, outcomes: ends.outcomes, stateSchema: ctx.stateSchema, eventsTopic: ctx.topics.events, clusterId: log.clusterId });
  store.forgetOutcomesBefore(forgetBefore);
  return { source, ...(storeDiscarded !== undefined && storeDiscarded !== 'empty' ? { storeDiscarded } : {}), snapshotRecords, eventsReplayed, outcomesRead };
}

/**
 * Why a store cannot be trusted over the log, or undefined when it can: its checkpoint must name
 * this cluster, this events topic and this state shape, and lie within the log as it is now. A
 * checkpoint past the log's end belongs to a topic since recreated; one before its start needs
 * events that retention removed. A checkpoint behind the end is fine: another owner wrote meanwhile,
 * and the tail read catches up.
 */
function untrusted<C extends CommandEnvelope, E extends DomainEvent, S>(
  checkpoint: StoreCheckpoint | undefined,
  ctx: LoadContext<C, E, S>,
  log: PartitionLog,
): string | undefined {
  if (!checkpoint) return 'empty';
  if (checkpoint.clusterId !== log.clusterId) return `written from another cluster (${checkpoint.clusterId})`;
  if (checkpoint.eventsTopic !== ctx.topics.events) return `written from another topic (${checkpoint.eventsTopic})`;
  if (checkpoint.stateSchema !== ctx.stateSchema) return `of state schema ${checkpoint.stateSchema}, not ${ctx.stateSchema}`;
  if (BigInt(checkpoint.events) > BigInt(log.ends.events) || BigInt(checkpoint.outcomes) > BigInt(log.ends.outcomes)) {
    return `ahead of the log (events ${checkpoint.events} > ${log.ends.events} or outcomes ${checkpoint.outcomes} > ${log.ends.outcomes}): the topic was recreated`;
  }
  if (BigInt(checkpoint.events) < BigInt(log.eventsStart)) return `behind the log's start (${checkpoint.events} < ${log.eventsStart})`;
  return undefined;
}

/**
 * Rows on their way into the store during a load, a flush's worth at a time. `get` sees what is
 * waiting before what is stored, so the fold reads its own writes.
 */
class RowWriter<S> {
  private rows = new Map<string, AggregateRow<S>>();
  private outcomes: OutcomeRow[] = [];

  constructor(
    private readonly store: PartitionStore<S>,
    private readonly initialState: S,
    private readonly changed: boolean,
  ) {}

  get(id: string): AggregateRow<S> {
    const waiting = this.rows.get(id);
    if (waiting) return waiting;
    return this.store.row(id) ?? { version: 0, state: this.initialState };
  }

  set(id: string, row: AggregateRow<S>): void {
    this.rows.set(id, row);
    if (this.rows.size + this.outcomes.length >= LOAD_FLUSH_ROWS) this.flush();
  }

  /** An outcome marks its aggregate changed too: the next snapshot, whose checkpoint passes it, must carry it. */
  outcome(row: OutcomeRow): void {
    this.outcomes.push(row);
    this.set(row.aggregateId, this.get(row.aggregateId));
  }

  flush(checkpoint?: StoreCheckpoint): void {
    this.store.write({ aggregates: this.rows, outcomes: this.outcomes, changed: this.changed, ...(checkpoint ? { checkpoint } : {}) });
    this.rows = new Map();
    this.outcomes = [];
  }

  discard(): void {
    this.rows = new Map();
    this.outcomes = [];
  }
}

type StallInfo = { readonly ranges: readonly PartitionRange[]; readonly attempt: number };

function stalled<C extends CommandEnvelope, E extends DomainEvent, S>(ctx: LoadContext<C, E, S>, partition: number, { ranges, attempt }: StallInfo): void {
  ctx.log('partition read stalled; reading on with a fresh group', { partition, attempt, left: ranges.map((range) => `${range.topic}@${range.from}..${range.to}`) });
}
