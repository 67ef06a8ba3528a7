import type { Admin } from 'kafkajs';
import type { Db } from 'mongodb';
import { generationGroup, Generations, type RetiredGeneration } from './generations';
import { committedOffsets, lagOf, logExtent, type PartitionLag, type RebuildProgress } from './offsets';

/** What `GET /projections` shows of one projection. */
export interface ProjectionStatus {
  readonly name: string;
  readonly live: number;
  readonly state: 'live' | 'rebuilding' | 'failed';
  /** How far the live generation is behind the log: records not yet folded in, when measured. */
  readonly lag: { readonly records: number; readonly partitions: readonly PartitionLag[]; readonly measuredAt: string };
  readonly rebuild?: {
    readonly generation: number;
    readonly requestedAt: string;
    readonly percent: number;
    readonly progress?: RebuildProgress;
    readonly error?: string;
  };
  readonly retired: readonly RetiredGeneration[];
}

/** A projection as the status reader knows it: its name and the topics it reads. */
export interface WatchedProjection {
  readonly name: string;
  readonly topics: readonly string[];
}

/**
 * Reads each projection's status from its pointer and from Kafka: the live group's committed
 * offsets against the partitions' ends. Answers are cached for `maxAgeMs`, so a query API can put
 * the lag on every answer without asking Kafka for each one.
 */
export class ProjectionStatusReader {
  private readonly generations: Generations;
  private readonly cache = new Map<string, { readonly at: number; readonly status: Promise<ProjectionStatus> }>();

  constructor(
    private readonly admin: Admin,
    db: Db,
    private readonly projections: readonly WatchedProjection[],
    private readonly namespace: string,
    private readonly maxAgeMs = 1000,
  ) {
    this.generations = new Generations(db);
  }

  async all(): Promise<ProjectionStatus[]> {
    return Promise.all(this.projections.map((projection) => this.cached(projection)));
  }

  /** Undefined for a projection it does not know. */
  async status(name: string): Promise<ProjectionStatus | undefined> {
    const projection = this.projections.find((candidate) => candidate.name === name);
    return projection ? this.cached(projection) : undefined;
  }

  private async cached(projection: WatchedProjection): Promise<ProjectionStatus> {
    const { name } = projection;
    const cached = this.cache.get(name);
    if (cached && Date.now() - cached.at < this.maxAgeMs) return cached.status;
    const status = this.measure(projection);
    this.cache.set(name, { at: Date.now(), status });
    // a failed measurement is not kept: the next call tries again
    status.catch(() => this.cache.delete(name));
    return status;
  }

  private async measure({ name, topics }: WatchedProjection): Promise<ProjectionStatus> {
    const pointer = await this.generations.pointer(name);
    const { rebuild } = pointer;
    const [extent, committed, progress] = await Promise.all([
      logExtent(this.admin, topics),
      committedOffsets(this.admin, generationGroup(this.namespace, name, pointer.live), topics),
      rebuild ? this.generations.progress(name, rebuild.generation) : undefined,
    ]);
    const partitions = lagOf(extent, committed);
    return {
      name,
      live: pointer.live,
      state: rebuild?.state ?? 'live',
      lag: { records: partitions.reduce((sum, partition) => sum + partition.lag, 0), partitions, measuredAt: new Date().toISOString() },
      ...(rebuild
        ? {
            rebuild: {
              generation: rebuild.generation,
              requestedAt: rebuild.requestedAt,
              percent: progress ? percentOf(progress) : 0,
              ...(progress ? { progress } : {}),
              ...(rebuild.error ? { error: rebuild.error } : {}),
            },
          }
        : {}),
      retired: pointer.retired ?? [],
    };
  }
}

/** Whole percent done; an empty log is all done. */
export const percentOf = ({ done, total }: { done: number; total: number }) => (total === 0 ? 100 : Math.floor((100 * done) / total));
