/**
 * The hot aggregates of an instance's partitions, at most `capacity` of them, least recently used
 * first out. Shared by the instance's partition owners, so the setting bounds the instance, not each
 * partition. Evicting costs nothing: every committed aggregate is in its partition's store already
 * (the cache is written through), and a miss reads it back from there.
 *
 * A Map keeps insertion order: deleting and setting again moves a key to the end, so the first key
 * is always the least recently used one.
 */
export class AggregateCache<V> {
  private readonly entries = new Map<string, V>();
  private hitCount = 0;
  private missCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`an aggregate cache holds at least one entry, not ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Hits and misses so far: how well the capacity fits the load. */
  get stats(): Readonly<{ hits: number; misses: number }> {
    return { hits: this.hitCount, misses: this.missCount };
  }

  get(partition: number, id: string): V | undefined {
    const key = cacheKey(partition, id);
    const value = this.entries.get(key);
    if (value === undefined) {
      this.missCount += 1;
      return undefined;
    }
    this.hitCount += 1;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(partition: number, id: string, value: V): void {
    const key = cacheKey(partition, id);
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Forgets a partition's aggregates: it moved to another owner, or its memory is being loaded again. */
  dropPartition(partition: number): void {
    const prefix = `${partition}/`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

const cacheKey = (partition: number, id: string) => `${partition}/${id}`;
