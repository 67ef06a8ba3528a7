import type { AggregateMemory, KeyedRecord } from './decide-batch';
import type { CommandOutcome } from './outcome';

/**
 * The latest state of one aggregate, as kept on the compacted snapshots topic (key: aggregate id):
 * one record per aggregate, so the topic (the partition's changelog) grows with the number of
 * aggregates, not of events.
 */
export interface AggregateSnapshot<S> {
  readonly kind: 'aggregate';
  readonly aggregateId: string;
  readonly version: number;
  readonly state: S;
  readonly outcomes: readonly CommandOutcome[];
  /**
   * The fingerprint of the request each outcome answered, by command id. Kept beside the outcomes,
   * not in them: snapshots written before fingerprints load as they are, and their outcomes match
   * any request.
   */
  readonly fingerprints?: Readonly<Record<string, string>>;
  /**
   * When each outcome was decided (ms since the epoch), by command id: an outcome past the
   * idempotency window is not loaded. Absent in snapshots from before the window: the snapshot
   * record's own timestamp stands in, a little late, so such an outcome is kept a little longer.
   */
  readonly decidedAt?: Readonly<Record<string, number>>;
  /** Kept in every snapshot: the event that made the history unreadable lies before the checkpoint. */
  readonly unreadable?: string;
}

/**
 * Written last in every snapshot transaction: all aggregates changed up to these offsets of the
 * partition's events and outcomes are in the snapshot. A recovering owner reads the snapshots, then
 * only the events and outcomes from here on.
 */
export interface PartitionCheckpoint {
  readonly kind: 'checkpoint';
  readonly partition: number;
  readonly eventsOffset: string;
  readonly outcomesOffset: string;
  /** The decider's state shape; a snapshot of another shape is ignored and the log replayed. */
  readonly stateSchema: number;
}

export type SnapshotRecord<S> = AggregateSnapshot<S> | PartitionCheckpoint;

export const checkpointKey = (partition: number) => `$checkpoint/${partition}`;

/**
 * Snapshot records of some aggregates, each as `memory` gives it, and, when `checkpoint` is given,
 * the partition's checkpoint after them: the last chunk of a snapshot round.
 */
export function snapshotRecords<S>(
  aggregates: Iterable<readonly [string, AggregateMemory<S>]>,
  checkpoint?: { readonly partition: number; readonly ends: { readonly events: string; readonly outcomes: string }; readonly stateSchema: number },
): KeyedRecord[] {
  const records: KeyedRecord[] = [];
  for (const [aggregateId, known] of aggregates) {
    const outcomes = [...known.outcomes];
    const snapshot: AggregateSnapshot<S> = {
      kind: 'aggregate',
      aggregateId,
      version: known.version,
      state: known.state,
      outcomes: outcomes.map(([, remembered]) => remembered.outcome),
      fingerprints: Object.fromEntries(outcomes.flatMap(([commandId, { fingerprint }]) => (fingerprint === undefined ? [] : [[commandId, fingerprint]]))),
      decidedAt: Object.fromEntries(outcomes.map(([commandId, { at }]) => [commandId, at])),
      ...(known.unreadable ? { unreadable: known.unreadable } : {}),
    };
    records.push({ key: aggregateId, value: JSON.stringify(snapshot) });
  }
  if (checkpoint) {
    const { partition, ends, stateSchema } = checkpoint;
    const record: PartitionCheckpoint = { kind: 'checkpoint', partition, eventsOffset: ends.events, outcomesOffset: ends.outcomes, stateSchema };
    records.push({ key: checkpointKey(partition), value: JSON.stringify(record) });
  }
  return records;
}
