import type { Admin, Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import { generationCollection, generationGroup, Generations, type GenerationPointer, type RebuildRecord } from './generations';
import { caughtUp, committedOffsets, countDone, nextProgress, type RebuildProgress } from './offsets';
import type { ProjectionDefinition } from './projection';
import { Projector } from './projector';

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
  /** A rate limit for the rebuild's consumer, to spare a database that also serves queries. */
  readonly rebuildRecordsPerSecond?: number;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
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
export class ProjectionSupervisor<D extends object> {
  private readonly generations: Generations;
  private readonly running = new Map<number, Projector<D>>();
  private readonly topics: readonly string[];
  private progress: RebuildProgress | undefined;

  constructor(private readonly options: SupervisorOptions<D>) {
    this.generations = new Generations(options.db);
    this.topics = options.definition.sources.map((source) => source.topic);
  }

  get name(): string {
    return this.options.definition.name;
  }

  /** The generations this process feeds now. */
  get feeding(): number[] {
    return [...this.running.keys()].sort((a, b) => a - b);
  }

  async reconcile(now = new Date()): Promise<GenerationPointer> {
    let pointer = await this.generations.pointer(this.name);
    await this.align(pointer);
    if (pointer.rebuild?.state === 'rebuilding' && (await this.advance(pointer.rebuild, now))) {
      pointer = await this.generations.pointer(this.name);
      await this.align(pointer); // the old live generation is no longer fed
    }
    if (this.options.keepLive) await this.dropRetired(now);
    return this.generations.pointer(this.name);
  }

  /** Feeds the generations the pointer says should be fed, and only those. */
  private async align(pointer: GenerationPointer): Promise<void> {
    const rebuild = pointer.rebuild?.state === 'rebuilding' ? pointer.rebuild : undefined;
    const wanted = new Set([...(this.options.keepLive ? [pointer.live] : []), ...(rebuild ? [rebuild.generation] : [])]);
    for (const [generation, projector] of this.running) {
      if (wanted.has(generation)) continue;
      this.running.delete(generation);
      await projector.stop();
      this.options.log('stopped feeding a generation', { projection: this.name, generation });
    }
    for (const generation of wanted) if (!this.running.has(generation)) await this.feed(generation, generation === rebuild?.generation);
  }

  async stop(): Promise<void> {
    const projectors = [...this.running.values()];
    this.running.clear();
    await Promise.all(projectors.map((projector) => projector.stop()));
  }

  private async feed(generation: number, rebuilding: boolean): Promise<void> {
    const { kafka, db, definition, namespace, log } = this.options;
    const projector = new Projector({
      kafka,
      db,
      definition,
      collection: generationCollection(this.name, generation),
      groupId: generationGroup(namespace, this.name, generation),
      fromBeginning: true,
      ...(rebuilding && this.options.rebuildRecordsPerSecond ? { maxRecordsPerSecond: this.options.rebuildRecordsPerSecond } : {}),
      log: (message, fields) => log(message, { projection: this.name, generation, ...fields }),
      onFailure: (error) => {
        // forgotten here, so the next reconcile starts it again; a rebuild that cannot go on says why
        if (this.running.get(generation) === projector) this.running.delete(generation);
        log('projection consumer failed', { projection: this.name, generation, error: String(error) });
        if (rebuilding) void this.generations.recordFailure(this.name, generation, String(error));
      },
    });
    this.running.set(generation, projector);
    await projector.start();
    log(rebuilding ? 'rebuilding' : 'projecting', { projection: this.name, generation });
  }

  /** Measures the rebuild against its finish line, for everyone to see, and flips once it is there; true when it flipped. */
  private async advance(rebuild: RebuildRecord, now: Date): Promise<boolean> {
    const committed = await committedOffsets(this.options.admin, generationGroup(this.options.namespace, this.name, rebuild.generation), this.topics);
    this.progress = nextProgress(this.progress ?? rebuild.progress, countDone(rebuild.target, committed), now);
    await this.generations.recordProgress(this.name, rebuild.generation, this.progress);
    if (!caughtUp(rebuild.target, committed)) return false;
    this.progress = undefined;
    const flipped = await this.generations.flip(this.name, rebuild.generation, now, this.options.graceMs);
    if (flipped) this.options.log('flipped to the rebuilt generation', { projection: this.name, generation: rebuild.generation });
    return flipped;
  }

  private async dropRetired(now: Date): Promise<void> {
    for (const generation of await this.generations.dueForDrop(this.name, now)) {
      await this.options.db
        .collection(generationCollection(this.name, generation))
        .drop()
        .catch(() => false); // already gone
      // a group left behind is harmless (its offsets expire), so its deletion is tried once
      await this.options.admin.deleteGroups([generationGroup(this.options.namespace, this.name, generation)]).catch((error: unknown) => {
        this.options.log('could not delete a retired consumer group', { projection: this.name, generation, error: String(error) });
      });
      await this.generations.forgetRetired(this.name, generation);
      this.options.log('dropped a retired generation', { projection: this.name, generation });
    }
  }
}
