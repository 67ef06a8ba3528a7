import type { Admin, Kafka } from 'kafkajs';
import type { MongoClient } from 'mongodb';
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
}

export const FULL: Sizes = {
  perfToolRecords: 500_000,
  warmupMs: 1_500,
  durationMs: 8_000,
  concurrencies: [1, 10, 100],
  sagaOrders: 150,
  sagaConcurrency: 4,
  recoveryCommands: 30_000,
  rebuildEvents: [100_000, 1_000_000],
  largeRebuildRuns: 1,
};

export const QUICK: Sizes = {
  perfToolRecords: 50_000,
  warmupMs: 500,
  durationMs: 2_000,
  concurrencies: [1, 10, 100],
  sagaOrders: 20,
  sagaConcurrency: 4,
  recoveryCommands: 2_000,
  rebuildEvents: [10_000, 20_000],
  largeRebuildRuns: 1,
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
  readonly log: (line: string) => void;
  /** Databases to drop at the end. */
  readonly databases: string[];
}
