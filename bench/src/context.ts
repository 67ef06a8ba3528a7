import type { Admin, Kafka } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import type { Watched } from './cpu';
import type { Measurement } from './report';
import { spreadOf, type Spread } from './stats';

/** The sizes of one bench run: a full run, or the quick one for development. */
export interface Sizes {
  readonly perfToolRecords: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly concurrencies: readonly number[];
  readonly sagaOrders: number;
  readonly sagaConcurrency: number;
  readonly recoveryCommands: number;
  /** Rebuild sizes in events, smallest first; the last one is the large one. */
  readonly rebuildEvents: readonly number[];
  /** Runs of the largest rebuild (it may take minutes each). */
  readonly largeRebuildRuns: number;
  /** Orders (four events each) in the log before the projector starts with an empty database, for the backlog phase. */
  readonly backlogOrders: number;
  /** Orders in the order service's partitions for the scale phase (one OrderPlaced each). */
  readonly scaleOrders: number;
  /** Commands of each kind (cold, hot) the scale phase sends. */
  readonly scaleCommands: number;
}

export const FULL: Sizes = {
  perfToolRecords: 200_000,
  warmupMs: 1_500,
  durationMs: 10_000,
  concurrencies: [1, 10, 100],
  sagaOrders: 100,
  sagaConcurrency: 2,
  recoveryCommands: 30_000,
  // 1,000,000 does not fit in half an hour on FerretDB (docs/performance.md says why)
  rebuildEvents: [10_000, 100_000],
  largeRebuildRuns: 1,
  backlogOrders: 25_000,
  scaleOrders: 1_000_000,
  scaleCommands: 2_000,
};

export const QUICK: Sizes = {
  perfToolRecords: 50_000,
  warmupMs: 500,
  durationMs: 2_000,
  concurrencies: [1, 10, 100],
  sagaOrders: 20,
  sagaConcurrency: 2,
  recoveryCommands: 2_000,
  rebuildEvents: [4_000, 10_000],
  largeRebuildRuns: 1,
  backlogOrders: 5_000,
  scaleOrders: 20_000,
  scaleCommands: 200,
};

/** Every value measured, by key, one entry per run. */
export class Samples {
  private readonly values = new Map<string, number[]>();

  add(key: string, value: number): void {
    if (!Number.isFinite(value)) return;
    this.values.set(key, [...(this.values.get(key) ?? []), value]);
  }

  spread(key: string): Spread | undefined {
    const values = this.values.get(key);
    return values && values.length > 0 ? spreadOf(values) : undefined;
  }

  measurement(key: string, label: string, unit: string): Measurement | undefined {
    const value = this.spread(key);
    return value ? { label, unit, value } : undefined;
  }

  toJSON(): Record<string, number[]> {
    return Object.fromEntries(this.values);
  }
}

export interface BenchContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly mongo: MongoClient;
  readonly kafkaBrokers: string;
  readonly mongoUri: string;
  readonly cacheDir: string;
  /** Prefix of every namespace and database this run creates. */
  readonly runId: string;
  readonly runs: number;
  readonly sizes: Sizes;
  readonly samples: Samples;
  readonly notes: string[];
  readonly logDir: string;
  readonly cpuProfileDir: string | undefined;
  /** The servers this run started (none when it uses external ones or containers), for the CPU they use. */
  readonly servers: readonly Watched[];
  readonly log: (line: string) => void;
  /** Databases to drop at the end. */
  readonly databases: string[];
}
