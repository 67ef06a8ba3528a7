import { DEAD_LETTER_TOPIC } from '@rewind/contracts';
import { archiveDeadLetters } from '@rewind/dead-letters';
import { withinDeadline, type GroupLoss } from '@rewind/event-store';
import type { Admin, Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import { dueForDrop, generationCollection, generationGroup, Generations, type GenerationPointer, type RebuildRecord } from './generations';
import { caughtUp, committedOffsets, countDone, lagOf, logExtent, nextProgress, type RebuildProgress } from './offsets';
import { sourceTopics, type ProjectionDefinition } from './projection';
import { Projector, type ProjectorOptions } from './projector';

export interface SupervisorOptions<D extends object> {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly db: Db;
  readonly definition: ProjectionDefinition<D>;
  readonly namespace: string;
  /** The projector app keeps the live generation current and drops retired ones; a rebuild CLI only rebuilds. */
  readonly keepLive: boolean;
  /** How long a generation replaced by a rebuild is kept before it is dropped. */
  readonly graceMs: number;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * A consumer this process ran is out of its group for good (see `ProjectorOptions.onLost`); it
   * is no longer fed here. A rebuild's is recorded `failed` with the reason first. The projector
   * app exits for the live generation's (a rebuild shows `failed`, asking again resumes it); the
   * rebuild CLI exits for its rebuild's.
   */
  readonly onLost: (loss: ProjectionLoss) => void;
  /** Passed to each consumer: how much it fetches at once (the projector's settings), and deadlines tests shorten. */
  readonly consumer?: Pick<ProjectorOptions<D>, 'sessionTimeoutMs' | 'rejoinWithinMs' | 'batchDeadlineMs' | 'maxBytesPerFetch'>;
}

/** A projection consumer out of its group for good: which generation, and whether it was a rebuild's. */
export interface ProjectionLoss extends GroupLoss {
  readonly projection: string;
  readonly generation: number;
  readonly rebuilding: boolean;
}

/**
 * Runs one projection as its pointer says. `reconcile` is called on a timer: it starts a consumer
 * for each generation that should be fed (the live one, and the one being rebuilt) and stops the
 * others, measures the rebuild against its finish line, flips the pointer once it is reached, and
 * drops retired generations whose grace period is over.
 *
 * Every process that supervises a projection does the same, so they cooperate without talking: two
 * processes feeding one generation share its consumer group (one writer per partition), a flip
 * happens once, and a rebuild whose process died is carried on by the group's other members or by
 * the next process to start.
 */
/** A rebuild that reached its finish line flips once it is at most this many records behind the log's end. */
export const FLIP_WITHIN_RECORDS = 1000;

export class ProjectionSupervisor<D extends object> {
  private readonly generations: Generations;
  private readonly running = new Map<number, Projector<D>>();
  private readonly topics: readonly string[];
  /** The last progress sample this process took, and of which rebuild: the next one's rate is measured from it. */
  private progress: { readonly generation: number; readonly sample: RebuildProgress } | undefined;
  private live: number | undefined;

  constructor(private readonly options: SupervisorOptions<D>) {
    this.generations = new Generations(options.db);
    this.topics = sourceTopics(options.definition);
  }

  get name(): string {
    return this.options.definition.name;
  }

  /** The generations this process feeds now. */
  get feeding(): number[] {
    return [...this.running.keys()].sort((a, b) => a - b);
  }

  /** Whether the live generation is fed here, as the last reconcile found it: what readiness reports. */
  get feedsLive(): boolean {
    return this.live !== undefined && this.running.has(this.live);
  }

  /** Returns the pointer as this round left it; the pointer is read again only after this round changed it. */
  async reconcile(now = new Date()): Promise<GenerationPointer> {
    let pointer = await this.generations.pointer(this.name);
    await this.align(pointer);
    if (pointer.rebuild?.state === 'rebuilding' && (await this.advance(pointer.rebuild, now))) {
      pointer = await this.generations.pointer(this.name);
      await this.align(pointer); // the old live generation is no longer fed
    }
    if (this.options.keepLive && (await this.dropRetired(pointer, now))) pointer = await this.generations.pointer(this.name);
    return pointer;
  }

  /** The last progress this process measured of a rebuild, if it measured any. */
  progressOf(generation: number): RebuildProgress | undefined {
    return this.progress?.generation === generation ? this.progress.sample : undefined;
  }

  /** Feeds the generations the pointer says should be fed, and only those. */
  private async align(pointer: GenerationPointer): Promise<void> {
    this.live = pointer.live;
    const rebuild = pointer.rebuild?.state === 'rebuilding' ? pointer.rebuild : undefined;
    const wanted = new Set([...(this.options.keepLive ? [pointer.live] : []), ...(rebuild ? [rebuild.generation] : [])]);
    for (const [generation, projector] of this.running) {
      if (wanted.has(generation)) continue;
      this.running.delete(generation);
      await projector.stop();
      this.options.log('stopped feeding a generation', { projection: this.name, generation });
    }
    for (const generation of wanted) if (!this.running.has(generation)) await this.feed(generation, generation === rebuild?.generation ? rebuild : undefined);
  }

  async stop(): Promise<void> {
    const projectors = [...this.running.values()];
    this.running.clear();
    await Promise.all(projectors.map((projector) => projector.stop()));
  }

  /** Starts a consumer for a generation; one that cannot start is left out, for the next reconcile to try again. */
  private async feed(generation: number, rebuild: RebuildRecord | undefined): Promise<void> {
    const { kafka, db, definition, namespace, log } = this.options;
    const projector: Projector<D> = new Projector({
      kafka,
      db,
      definition,
      collection: generationCollection(this.name, generation),
      groupId: generationGroup(namespace, this.name, generation),
      deadLetterTopic: `${namespace}${DEAD_LETTER_TOPIC}`,
      fromBeginning: true,
      ...(rebuild?.maxRecordsPerSecond ? { maxRecordsPerSecond: rebuild.maxRecordsPerSecond } : {}),
      ...this.options.consumer,
      log: (message, fields) => log(message, { projection: this.name, generation, ...fields }),
      onLost: (loss) => void this.lost(projector, generation, rebuild !== undefined, loss),
    });
    try {
      await projector.start();
    } catch (error) {
      log('projection consumer did not start', { projection: this.name, generation, error: String(error) });
      await projector.stop().catch(() => undefined);
      return;
    }
    this.running.set(generation, projector);
    log(rebuild ? 'rebuilding' : 'projecting', { projection: this.name, generation });
  }

  /** Forgets a lost consumer, records a rebuild's failure (within a deadline: the database may be what hangs), and says so. */
  private async lost(projector: Projector<D>, generation: number, rebuilding: boolean, loss: GroupLoss): Promise<void> {
    if (this.running.get(generation) === projector) this.running.delete(generation);
    void projector.stop().catch(() => undefined);
    if (rebuilding) {
      await withinDeadline(this.generations.recordFailure(this.name, generation, loss.reason), 10_000, 'the rebuild’s failure to be recorded').catch((error: unknown) => {
        this.options.log('could not record the failure', { projection: this.name, generation, error: String(error) });
      });
    }
    this.options.onLost({ ...loss, projection: this.name, generation, rebuilding });
  }

  /**
   * Measures the rebuild against its finish line, for everyone to see, and flips once it is there
   * and close to the log's end now (records written during a long rebuild are folded first, so the
   * flip does not make answers staler than they were); true when it flipped.
   */
  private async advance(rebuild: RebuildRecord, now: Date): Promise<boolean> {
    const committed = await committedOffsets(this.options.admin, generationGroup(this.options.namespace, this.name, rebuild.generation), this.topics);
    const previous = this.progress?.generation === rebuild.generation ? this.progress.sample : await this.generations.progress(this.name, rebuild.generation);
    const sample = nextProgress(previous, countDone(rebuild.target, committed), now);
    this.progress = { generation: rebuild.generation, sample };
    await this.generations.recordProgress(this.name, rebuild.generation, sample);
    if (!caughtUp(rebuild.target, committed)) return false;
    const behindNow = lagOf(await logExtent(this.options.admin, this.topics), committed).reduce((sum, partition) => sum + partition.lag, 0);
    if (behindNow > FLIP_WITHIN_RECORDS) return false;
    const flipped = await this.generations.flip(this.name, rebuild.generation, now, this.options.graceMs);
    if (flipped) this.options.log('flipped to the rebuilt generation', { projection: this.name, generation: rebuild.generation });
    return flipped;
  }

  /** Drops what is due; true when it dropped anything. */
  private async dropRetired(pointer: GenerationPointer, now: Date): Promise<boolean> {
    const due = dueForDrop(pointer, now);
    for (const generation of due) {
      await this.options.db
        .collection(generationCollection(this.name, generation))
        .drop()
        .catch(() => false); // already gone
      const group = generationGroup(this.options.namespace, this.name, generation);
      // a group left behind is harmless (its offsets expire), so its deletion is tried once
      await this.options.admin.deleteGroups([group]).catch((error: unknown) => {
        this.options.log('could not delete a retired consumer group', { projection: this.name, generation, error: String(error) });
      });
      // its letters would stay listed for ever, and a replay of them would wait for a member that
      // never comes: archived before the generation is forgotten (a failure here is tried again)
      await archiveDeadLetters(this.options.kafka, `${this.options.namespace}${DEAD_LETTER_TOPIC}`, group);
      await this.generations.forgetRetired(this.name, generation);
      this.options.log('dropped a retired generation', { projection: this.name, generation });
    }
    return due.length > 0;
  }
}
