import type { Collection, Db } from 'mongodb';
import type { PartitionExtent, RebuildProgress } from './offsets';

/**
 * Which generation of a projection queries read, and which one is being rebuilt. A projection's
 * documents live in one collection per generation (`<name>_g<n>`); a small pointer document names
 * the live one. A rebuild fills a new generation beside it from offset zero and flips the pointer
 * only when it has caught up, so queries never see a half-built model. The old generation stays for
 * a grace period (to compare with, or to flip back to by hand), then it is dropped.
 */
export interface GenerationPointer {
  readonly _id: string;
  readonly live: number;
  /** The highest generation ever reserved: numbers are never reused, so a new rebuild never meets old offsets or documents. */
  readonly lastGeneration?: number;
  readonly flippedAt?: string;
  readonly rebuild?: RebuildRecord;
  /** Generations no longer live, waiting out their grace period. */
  readonly retired?: readonly RetiredGeneration[];
  /** The last rebuilds asked for under a request id that ended (flipped or given up): a retried request finds its own here. */
  readonly finished?: readonly FinishedRebuild[];
}

export interface RebuildRecord {
  readonly generation: number;
  readonly state: 'rebuilding' | 'failed';
  readonly requestedAt: string;
  /** Every source partition's first and end offsets when the rebuild was asked for: its finish line. */
  readonly target: readonly PartitionExtent[];
  /** A rate limit every process feeding the rebuild keeps, each for itself. */
  readonly maxRecordsPerSecond?: number;
  readonly error?: string;
  /**
   * The ids of the requests this rebuild answers (a Kubernetes Job's uid, say): a request retried
   * under its id resumes this rebuild while it runs, and finds it in `finished` once it ended.
   */
  readonly requests?: readonly string[];
}

/** A rebuild asked for under request ids that ended: flipped to, or given up (`--fresh`). */
export interface FinishedRebuild {
  readonly generation: number;
  readonly requests: readonly string[];
  readonly outcome: 'flipped' | 'abandoned';
  readonly at: string;
}

/** What a request for a rebuild found: a rebuild recorded (new, or the one under way), or its own rebuild already ended. */
export type RebuildRequestOutcome = { readonly kind: 'recorded'; readonly rebuild: RebuildRecord } | { readonly kind: 'finished'; readonly finished: FinishedRebuild };

/** How many ended rebuilds a pointer remembers: a retried request comes back within minutes, not after dozens of rebuilds. */
const FINISHED_KEPT = 20;

/** A rebuild's progress, in a collection of its own: written every second, so never on the pointer (see `flip`). */
interface ProgressDocument extends RebuildProgress {
  readonly _id: string;
}

export interface RetiredGeneration {
  readonly generation: number;
  readonly dropAfter: string;
}

export const POINTERS_COLLECTION = 'projection_pointers';
export const PROGRESS_COLLECTION = 'projection_rebuild_progress';
export const generationCollection = (projection: string, generation: number) => `${projection}_g${generation}`;
/** One consumer group per generation: a rebuild reads from offset zero, the live one goes on where it is. */
export const generationGroup = (namespace: string, projection: string, generation: number) => `${namespace}projection.${projection}.g${generation}`;

/** Pure: a pointer's retired generations whose grace period is over; never the live one or one being rebuilt, whatever the list says. */
export function dueForDrop({ live, rebuild, retired = [] }: GenerationPointer, now: Date): number[] {
  return retired
    .filter((entry) => entry.dropAfter <= now.toISOString() && entry.generation !== live && entry.generation !== rebuild?.generation)
    .map((entry) => entry.generation);
}

export class Generations {
  private readonly pointers: Collection<GenerationPointer>;
  private readonly progresses: Collection<ProgressDocument>;

  constructor(db: Db) {
    this.pointers = db.collection<GenerationPointer>(POINTERS_COLLECTION);
    this.progresses = db.collection<ProgressDocument>(PROGRESS_COLLECTION);
  }

  /** The pointer of a projection; a projection never seen before starts at generation 1. */
  async pointer(projection: string): Promise<GenerationPointer> {
    const existing = await this.pointers.findOne({ _id: projection });
    if (existing) return existing;
    const first: GenerationPointer = { _id: projection, live: 1 };
    // a concurrent first start may have won: its pointer is as good as this one
    await this.pointers.insertOne(first).catch((error: unknown) => {
      if ((error as { code?: number }).code !== 11000) throw error;
    });
    return (await this.pointers.findOne({ _id: projection })) ?? first;
  }

  /** The collection queries of a projection read now. */
  async liveCollection(projection: string): Promise<string> {
    return generationCollection(projection, (await this.pointer(projection)).live);
  }

  /**
   * Records that a projection is to be rebuilt into a new generation, up to `target`. A rebuild
   * already recorded is kept as it is (a failed one is set going again): asking twice resumes.
   */
  async requestRebuild(projection: string, target: readonly PartitionExtent[], now: Date, maxRecordsPerSecond?: number): Promise<RebuildRecord> {
    const outcome = await this.request(projection, undefined, target, now, maxRecordsPerSecond);
    if (outcome.kind === 'finished') throw new Error('a request without an id never finds a finished rebuild'); // unreachable
    return outcome.rebuild;
  }

  /**
   * As `requestRebuild`, for a request that may be retried under the same id (a Kubernetes Job's
   * pod restarted): the rebuild it recorded or joined is resumed while it runs, and once it has
   * ended (flipped, or given up) the request finds that instead of starting another.
   */
  async requestRebuildOnce(projection: string, requestId: string, target: readonly PartitionExtent[], now: Date, maxRecordsPerSecond?: number): Promise<RebuildRequestOutcome> {
    return this.request(projection, requestId, target, now, maxRecordsPerSecond);
  }

  /** The ended rebuild a request id was answered by, if the pointer still remembers it. */
  async finishedRebuild(projection: string, requestId: string): Promise<FinishedRebuild | undefined> {
    return (await this.pointer(projection)).finished?.find((finished) => finished.requests.includes(requestId));
  }

  private async request(projection: string, requestId: string | undefined, target: readonly PartitionExtent[], now: Date, maxRecordsPerSecond?: number): Promise<RebuildRequestOutcome> {
    const current = await this.pointer(projection);
    const finished = requestId === undefined ? undefined : current.finished?.find((entry) => entry.requests.includes(requestId));
    if (finished) return { kind: 'finished', finished };
    if (current.rebuild) {
      const requests = requestId === undefined || current.rebuild.requests?.includes(requestId) ? current.rebuild.requests : [...(current.rebuild.requests ?? []), requestId];
      if (current.rebuild.state === 'failed' || requests !== current.rebuild.requests) {
        // this request joins the rebuild under way: when it ends, the request finds it among the finished
        const { modifiedCount } = await this.pointers.updateOne(
          { _id: projection, 'rebuild.generation': current.rebuild.generation },
          { $set: { 'rebuild.state': 'rebuilding', ...(requests ? { 'rebuild.requests': requests } : {}) }, $unset: { 'rebuild.error': '' } },
        );
        // it ended or was replaced meanwhile: look again
        if (modifiedCount === 0) return this.request(projection, requestId, target, now, maxRecordsPerSecond);
      }
      const resumed: RebuildRecord = { ...current.rebuild, state: 'rebuilding', ...(requests ? { requests } : {}) };
      delete (resumed as { error?: string }).error;
      return { kind: 'recorded', rebuild: resumed };
    }
    const generation = Math.max(current.live, current.lastGeneration ?? 0, ...(current.retired ?? []).map((retired) => retired.generation)) + 1;
    const rebuild: RebuildRecord = {
      generation,
      state: 'rebuilding',
      requestedAt: now.toISOString(),
      target,
      ...(maxRecordsPerSecond ? { maxRecordsPerSecond } : {}),
      ...(requestId === undefined ? {} : { requests: [requestId] }),
    };
    // on `live` as read too: a flip since then may have finished this very request's rebuild
    const { modifiedCount } = await this.pointers.updateOne({ _id: projection, live: current.live, rebuild: { $exists: false } }, { $set: { rebuild, lastGeneration: generation } });
    // another process asked at the same moment: its rebuild is the one
    return modifiedCount === 1 ? { kind: 'recorded', rebuild } : this.request(projection, requestId, target, now, maxRecordsPerSecond);
  }

  /**
   * Gives up a recorded rebuild: its generation is retired (dropped once every process has stopped
   * feeding it, after `graceMs`), so that the next request starts a new one from offset zero —
   * after a fold changed, say, when resuming would mix documents folded by the old code with the new.
   */
  async abandonRebuild(projection: string, now: Date, graceMs: number): Promise<number | undefined> {
    const current = await this.pointer(projection);
    const { rebuild } = current;
    if (!rebuild) return undefined;
    const { modifiedCount } = await this.pointers.updateOne(
      { _id: projection, 'rebuild.generation': rebuild.generation },
      {
        $push: { retired: { generation: rebuild.generation, dropAfter: new Date(now.getTime() + graceMs).toISOString() } },
        $unset: { rebuild: '' },
        ...finishedUpdate(current, 'abandoned', now),
      },
    );
    return modifiedCount === 1 ? rebuild.generation : undefined;
  }

  async recordProgress(projection: string, generation: number, progress: RebuildProgress): Promise<void> {
    await this.progresses.replaceOne({ _id: `${projection}.g${generation}` }, progress, { upsert: true });
  }

  /** The last progress any process recorded for a rebuild. */
  async progress(projection: string, generation: number): Promise<RebuildProgress | undefined> {
    return (await this.progresses.findOne({ _id: `${projection}.g${generation}` }, { projection: { _id: 0 } })) ?? undefined;
  }

  async recordFailure(projection: string, generation: number, error: string): Promise<void> {
    await this.pointers.updateOne({ _id: projection, 'rebuild.generation': generation }, { $set: { 'rebuild.state': 'failed', 'rebuild.error': error } });
  }

  /**
   * Makes a caught-up rebuild the live generation; of several processes flipping the same rebuild,
   * one does it and the others get `false` (on FerretDB, where a filtered update is not atomic, two
   * may both write it — the same content). The previous generation is retired, to be dropped after
   * `graceMs`. Progress lives elsewhere so that no frequent write can carry an old pointer back.
   */
  async flip(projection: string, generation: number, now: Date, graceMs: number): Promise<boolean> {
    const current = await this.pointer(projection);
    if (current.rebuild?.generation !== generation) return false;
    const { modifiedCount } = await this.pointers.updateOne(
      { _id: projection, live: current.live, 'rebuild.generation': generation },
      {
        $set: { live: generation, flippedAt: now.toISOString(), ...finishedUpdate(current, 'flipped', now).$set },
        $push: { retired: { generation: current.live, dropAfter: new Date(now.getTime() + graceMs).toISOString() } },
        $unset: { rebuild: '' },
      },
    );
    return modifiedCount === 1;
  }

  /** Forgets a retired generation once its collection and consumer group are gone. */
  async forgetRetired(projection: string, generation: number): Promise<void> {
    await this.progresses.deleteOne({ _id: `${projection}.g${generation}` });
    // read, filter, write: FerretDB's $pull does not match on fields of array elements
    const { retired = [] } = await this.pointer(projection);
    await this.pointers.updateOne({ _id: projection }, { $set: { retired: retired.filter((entry) => entry.generation !== generation) } });
  }
}

/**
 * The pointer's list of finished rebuilds with the one ending now, when it answered requests with
 * ids (others need no record). Written with the conditional update that ends it, as read by it.
 */
function finishedUpdate(current: GenerationPointer, outcome: FinishedRebuild['outcome'], now: Date): { $set?: { finished: FinishedRebuild[] } } {
  const { rebuild } = current;
  if (!rebuild?.requests?.length) return {};
  const entry: FinishedRebuild = { generation: rebuild.generation, requests: rebuild.requests, outcome, at: now.toISOString() };
  return { $set: { finished: [...(current.finished ?? []), entry].slice(-FINISHED_KEPT) } };
}
