import type { CommandEnvelope, EventEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import type { Kafka } from 'kafkajs';
import type { AggregateMemory, EventStoreSpec, RememberedOutcome } from './decide-batch';
import type { OutcomeRecord } from './outcome';
import { readPartitions, type PartitionRange } from './partition-reader';
import type { AggregateSnapshot, SnapshotRecord } from './snapshot';
import type { TopicOffsets } from './topic-offsets';

/** What loading a partition needs: the topics, the decider's state side, and whether snapshots are kept. */
export interface LoadContext<C extends CommandEnvelope, E extends DomainEvent, S> {
  readonly kafka: Kafka;
  readonly offsets: TopicOffsets;
  readonly spec: EventStoreSpec<C, E, S>;
  readonly topics: { readonly events: string; readonly outcomes: string; readonly snapshots: string };
  readonly snapshotEvery: number;
  readonly stateSchema: number;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
}

/** Next offsets to read of a partition in each of the topics its owner writes. */
export interface PartitionEnds {
  events: string;
  outcomes: string;
  snapshots: string;
}

export interface LoadedPartition<S> {
  readonly memory: Map<string, AggregateMemory<S>>;
  /** The aggregates that no snapshot holds as they are now: the next snapshot carries them. */
  readonly changed: Set<string>;
  readonly fromSnapshot: boolean;
  readonly eventsReplayed: number;
}

/**
 * Reads a partition up to `ends`: its latest snapshot (when snapshots are kept and its checkpoint
 * is of the current state schema), then the events and outcomes after the checkpoint, or all of
 * them. Events fold with the decider's `evolve`; outcomes make the idempotency memory.
 */
export async function loadPartition<C extends CommandEnvelope, E extends DomainEvent, S>(
  ctx: LoadContext<C, E, S>,
  partition: number,
  ends: PartitionEnds,
  heartbeat: () => Promise<void>,
): Promise<LoadedPartition<S>> {
  const memory = new Map<string, AggregateMemory<S>>();
  let from = { events: '0', outcomes: '0' };
  let fromSnapshot = false;
  let eventsReplayed = 0;

  if (ctx.snapshotEvery > 0 && ends.snapshots !== '0') {
    const latest = new Map<string, AggregateSnapshot<S>>();
    let checkpoint: SnapshotRecord<S> | undefined;
    await readPartitions(
      ctx.kafka,
      [{ topic: ctx.topics.snapshots, partition, from: '0', to: ends.snapshots }],
      (_topic, _partition, message) => {
        const record = JSON.parse(message.value?.toString('utf8') ?? 'null') as SnapshotRecord<S> | null;
        if (record?.kind === 'aggregate') latest.set(record.aggregateId, record);
        if (record?.kind === 'checkpoint') checkpoint = record;
      },
      heartbeat,
      { onStall: (stall) => stalled(ctx, partition, stall), offsets: ctx.offsets },
    );
    if (checkpoint?.kind === 'checkpoint' && checkpoint.stateSchema === ctx.stateSchema) {
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
    if (!entry.unreadable) memory.set(aggregateId, { ...entry, unreadable: `${ctx.topics.events}[${partition}]@${offset}: ${reason}` });
    ctx.log('aggregate history unreadable', { partition, aggregateId, offset, reason });
  };
  const replayed = new Set<string>();
  const known = (aggregateId: string) => {
    replayed.add(aggregateId);
    let entry = memory.get(aggregateId);
    if (!entry) {
      entry = { version: 0, state: ctx.spec.decider.initialState, outcomes: new Map<string, RememberedOutcome>() };
      memory.set(aggregateId, entry);
    }
    return entry;
  };

  await readPartitions(
    ctx.kafka,
    [
      { topic: ctx.topics.events, partition, from: from.events, to: ends.events },
      { topic: ctx.topics.outcomes, partition, from: from.outcomes, to: ends.outcomes },
    ],
    (topic, _partition, message) => {
      if (topic === ctx.topics.events) {
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
        const entry = known(event.aggregateId);
        if (entry.unreadable || event.aggregateVersion <= entry.version) return; // unreadable already, or in the snapshot
        if (event.aggregateVersion !== entry.version + 1) {
          unreadable(event.aggregateId, message.offset, `version ${event.aggregateVersion} follows version ${entry.version}`);
          return;
        }
        let state: S;
        try {
          state = ctx.spec.decider.evolve(entry.state, event as unknown as E);
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
    { onStall: (stall) => stalled(ctx, partition, stall), offsets: ctx.offsets },
  );

  // what the log's tail changed is in no snapshot yet: the next one, whose checkpoint lies past
  // that tail, must carry it (all of memory after a load without snapshots); unreadable aggregates
  // go into every snapshot: what made them so may lie before its checkpoint
  const changed = replayed;
  for (const [aggregateId, entry] of memory) if (entry.unreadable) changed.add(aggregateId);
  return { memory, changed, fromSnapshot, eventsReplayed };
}

function remembered(outcome: RememberedOutcome['outcome'], fingerprint: string | undefined): RememberedOutcome {
  return fingerprint === undefined ? { outcome } : { outcome, fingerprint };
}

function stalled<C extends CommandEnvelope, E extends DomainEvent, S>(
  ctx: LoadContext<C, E, S>,
  partition: number,
  { ranges, attempt }: { readonly ranges: readonly PartitionRange[]; readonly attempt: number },
): void {
  ctx.log('partition read stalled; reading on with a fresh group', { partition, attempt, left: ranges.map((range) => `${range.topic}@${range.from}..${range.to}`) });
}
