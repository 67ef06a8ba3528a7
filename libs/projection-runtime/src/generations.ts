import type { Collection, Db } from 'mongodb';

/**
 * Which generation of a projection queries read. A projection's documents live in one collection
 * per generation (`<name>_g<n>`); a small pointer document names the live one. A rebuild fills a new
 * generation beside it and flips the pointer only when it has caught up, so queries never see a
 * half-built model.
 */
export interface GenerationPointer {
  readonly _id: string;
  readonly live: number;
  /** The generation being rebuilt, if any. */
  readonly building?: number;
  readonly flippedAt?: string;
}

export const POINTERS_COLLECTION = 'projection_pointers';

export const generationCollection = (projection: string, generation: number) => `${projection}_g${generation}`;

export class Generations {
  private readonly pointers: Collection<GenerationPointer>;

  constructor(db: Db) {
    this.pointers = db.collection<GenerationPointer>(POINTERS_COLLECTION);
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

  /** Records that a new generation is being built; returns its number. */
  async beginRebuild(projection: string): Promise<number> {
    const current = await this.pointer(projection);
    const building = current.building ?? Math.max(current.live, 0) + 1;
    await this.pointers.updateOne({ _id: projection }, { $set: { building } });
    return building;
  }

  /** Makes a caught-up generation the live one; the previous one stays until it is dropped. */
  async flip(projection: string, generation: number, now: Date): Promise<number> {
    const current = await this.pointer(projection);
    await this.pointers.replaceOne({ _id: projection }, { live: generation, flippedAt: now.toISOString() });
    return current.live;
  }
}
