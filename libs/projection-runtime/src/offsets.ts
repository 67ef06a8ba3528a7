import type { Admin } from 'kafkajs';

/** One source partition between two offsets: where its log starts and where it ends (the next offset to be written). */
export interface PartitionExtent {
  readonly topic: string;
  readonly partition: number;
  readonly start: number;
  readonly end: number;
}

/** How far a consumer group is behind one partition's end. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset; the partition's start when it has committed nothing yet. */
  readonly position: number;
  readonly end: number;
  readonly lag: number;
}

/** A rebuild's progress against the end offsets taken when it was asked for. */
export interface RebuildProgress {
  /** Records of the source partitions folded so far (transaction markers count: they are records too). */
  readonly done: number;
  readonly total: number;
  readonly ratePerSecond: number;
  /** Unknown until a rate has been seen. */
  readonly etaSeconds?: number;
  readonly updatedAt: string;
}

const key = (topic: string, partition: number) => `${topic}/${partition}`;

/** Where every partition of `topics` starts and ends now. */
export async function logExtent(admin: Admin, topics: readonly string[]): Promise<PartitionExtent[]> {
  const perTopic = await Promise.all(
    topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ topic, partition, start: Number(low), end: Number(high) }))),
  );
  return perTopic.flat().sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** A group's committed offsets; a partition it has not committed to is absent. */
export async function committedOffsets(admin: Admin, groupId: string, topics: readonly string[]): Promise<ReadonlyMap<string, number>> {
  const answer = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const committed = new Map<string, number>();
  for (const { topic, partitions } of answer) {
    for (const { partition, offset } of partitions) if (Number(offset) >= 0) committed.set(key(topic, partition), Number(offset));
  }
  return committed;
}

/** Pure: each partition's position and lag; a group that committed nothing is at the start (it reads from the beginning). */
export function lagOf(extent: readonly PartitionExtent[], committed: ReadonlyMap<string, number>): PartitionLag[] {
  return extent.map(({ topic, partition, start, end }) => {
    const position = Math.max(committed.get(key(topic, partition)) ?? start, start);
    return { topic, partition, position, end, lag: Math.max(end - position, 0) };
  });
}

/** Pure: records done and in all, against the finish line. */
export function countDone(target: readonly PartitionExtent[], committed: ReadonlyMap<string, number>): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const { topic, partition, start, end } of target) {
    const position = committed.get(key(topic, partition)) ?? start;
    done += Math.min(Math.max(position, start), end) - start;
    total += end - start;
  }
  return { done, total };
}

/** Pure: whether the group has reached the finish line on every partition. */
export const caughtUp = (target: readonly PartitionExtent[], committed: ReadonlyMap<string, number>) => lagOf(target, committed).every(({ lag }) => lag === 0);

/** Pure: the next progress sample, its rate smoothed over the previous one so the ETA does not jump about. */
export function nextProgress(previous: RebuildProgress | undefined, counts: { done: number; total: number }, now: Date): RebuildProgress {
  const seconds = previous ? (now.getTime() - Date.parse(previous.updatedAt)) / 1000 : 0;
  const instant = previous && seconds > 0 ? Math.max(counts.done - previous.done, 0) / seconds : 0;
  const ratePerSecond = previous && previous.ratePerSecond > 0 ? 0.5 * previous.ratePerSecond + 0.5 * instant : instant;
  const remaining = counts.total - counts.done;
  const etaSeconds = remaining === 0 ? 0 : ratePerSecond > 0 ? remaining / ratePerSecond : undefined;
  return { ...counts, ratePerSecond: Math.round(ratePerSecond), ...(etaSeconds === undefined ? {} : { etaSeconds: Math.ceil(etaSeconds) }), updatedAt: now.toISOString() };
}
