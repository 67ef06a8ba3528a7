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
