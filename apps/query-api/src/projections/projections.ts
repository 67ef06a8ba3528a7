import { HttpStatus } from '@nestjs/common';
import { Generations, logExtent, verifyGenerations, ProjectionStatusReader, type GenerationComparison, type ProjectionDefinition, type ProjectionStatus } from '@rewind/projection-runtime';
import { sourceTopics } from '@rewind/projections';
import { HttpProblem, problemType } from '@rewind/service-kit';
import type { Admin, Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import { valueWithin } from '../read-models/deadline';

/**
 * The projections' status, and rebuild requests. A request is only recorded on the projection's
 * pointer: the projector runs the rebuild, and flips the pointer once it has caught up.
 */
export class Projections {
  private readonly generations: Generations;
  /** The status right after a request is recorded: the shared reader may hold one from before it for a second. */
  private readonly uncached: ProjectionStatusReader;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly db: Db,
    private readonly catalog: readonly ProjectionDefinition<object>[],
    private readonly status: ProjectionStatusReader,
    private readonly namespace: string,
    private readonly timeoutMs: number,
  ) {
    this.generations = new Generations(db);
    this.uncached = new ProjectionStatusReader(admin, db, watched(catalog), namespace, 0);
  }

  async all(): Promise<ProjectionStatus[]> {
    return this.measured(this.status.all());
  }

  async one(name: string): Promise<ProjectionStatus> {
    this.definition(name);
    return this.measured(this.status.status(name));
  }

  /** Records a rebuild up to the source topics' ends now; asking while one is recorded resumes it. */
  async requestRebuild(name: string, now: Date): Promise<ProjectionStatus> {
    const definition = this.definition(name);
    const target = await this.measured(logExtent(this.admin, sourceTopics(definition)));
    await this.generations.requestRebuild(name, target, now);
    return this.measured(this.uncached.status(name));
  }

  /**
   * Compares the live generation with the one being rebuilt, or else with the one it replaced, at
   * the same log positions (as `npm run verify` does without generations named); a 409 when there
   * is only the live one.
   */
  async verify(name: string): Promise<GenerationComparison> {
    const definition = this.definition(name);
    const pointer = await this.generations.pointer(name);
    const other = pointer.rebuild?.generation ?? pointer.retired?.at(-1)?.generation;
    if (other === undefined) {
      throw new HttpProblem({
        type: problemType('nothing-to-verify'),
        title: 'There is only the live generation',
        status: HttpStatus.CONFLICT,
        detail: `${name} has only its live generation ${pointer.live}; verify compares it with a rebuild in progress or with the generation a rebuild replaced`,
      });
    }
    const context = { kafka: this.kafka, admin: this.admin, db: this.db, definition, namespace: this.namespace };
    return verifyGenerations(context, Math.min(pointer.live, other), Math.max(pointer.live, other));
  }

  private definition(name: string): ProjectionDefinition<object> {
    const definition = this.catalog.find((candidate) => candidate.name === name);
    if (definition) return definition;
    const known = this.catalog.map((candidate) => candidate.name);
    throw new HttpProblem({
      type: problemType('projection-not-found'),
      title: 'No such projection',
      status: HttpStatus.NOT_FOUND,
      detail: `there is no projection ${name}; the projections are ${known.join(', ')}`,
      known,
    });
  }

  private async measured<T>(measurement: Promise<T | undefined>): Promise<T> {
    const value = await valueWithin(measurement, this.timeoutMs);
    if (value !== undefined) return value;
    throw new HttpProblem({
      type: problemType('projection-status-unavailable'),
      title: 'The projection status could not be measured',
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: `Kafka or MongoDB did not answer within ${this.timeoutMs} ms`,
    });
  }
}

/** What the status reader watches of each projection: its name and its source topics. */
export const watched = (catalog: readonly ProjectionDefinition<object>[]) => catalog.map((definition) => ({ name: definition.name, topics: sourceTopics(definition) }));
