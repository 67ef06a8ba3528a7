import type { AggregateMemory, KeyedRecord } from './decide-batch';
import type { CommandOutcome } from './outcome';

/** The latest state of one aggregate, as kept on the compacted snapshots topic (key: aggregate id). */
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
 * A snapshot of a partition: the memory of each aggregate in `changed` as `memory` holds it, then
 * the checkpoint naming the offsets of the events and outcomes that memory covers (`ends`).
 */
export function snapshotRecords<S>(
  partition: number,
  memory: ReadonlyMap<string, AggregateMemory<S>>,
  changed: Iterable<string>,
  initialState: S,
  ends: { readonly events: string; readonly outcomes: string },
  stateSchema: number,
): KeyedRecord[] {
  const records: KeyedRecord[] = [...changed].map((aggregateId) => {
    const known = memory.get(aggregateId);
    const snapshot: AggregateSnapshot<S> = {
      kind: 'aggregate',
      aggregateId,
      version: known?.version ?? 0,
      state: known?.state ?? initialState,
      outcomes: [...(known?.outcomes.values() ?? [])].map((remembered) => remembered.outcome),
      fingerprints: Object.fromEntries(
        [...(known?.outcomes ?? [])].flatMap(([commandId, { fingerprint }]) => (fingerprint === undefined ? [] : [[commandId, fingerprint]])),
      ),
      ...(known?.unreadable ? { unreadable: known.unreadable } : {}),
    };
    return { key: aggregateId, value: JSON.stringify(snapshot) };
  });
  const checkpoint: PartitionCheckpoint = { kind: 'checkpoint', partition, eventsOffset: ends.events, outcomesOffset: ends.outcomes, stateSchema };
  records.push({ key: checkpointKey(partition), value: JSON.stringify(checkpoint) });
  return records;
}
