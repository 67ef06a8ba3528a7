import { withinDeadline } from '@rewind/event-store';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';

/** One partition a consumer of this process is assigned, and how far its group is behind the partition's end. */
export interface PartitionLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/** The partitions of one group that consumers of this process hold now, by topic. */
export type GroupAssignment = ReadonlyMap<string, readonly number[]>;

/**
 * Which partitions each consumer of this process holds, as kafkajs's GROUP_JOIN events say: every
 * consumer group the process runs (command processors, reactions, projections, rebuilds), with no
 * list to keep up to date. A consumer that rebalances, stops or crashes holds nothing until it joins
 * again, so each partition is reported by the one member that holds it: summed over the replicas, the
 * lag is the group's.
 */
export class ConsumerAssignments {
  private readonly held = new Map<Consumer, { readonly group: string; assignment: GroupAssignment }>();

  /** The same Kafka, except that every consumer made from it is followed here. */
  following(kafka: Kafka): Kafka {
    const following = Object.create(kafka) as Kafka;
    following.consumer = (config) => {
      const consumer = kafka.consumer(config);
      const member = { group: config.groupId, assignment: new Map() as GroupAssignment };
      const release = () => void this.held.delete(consumer);
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        member.assignment = new Map(Object.entries(payload.memberAssignment));
        this.held.set(consumer, member);
      });
      for (const event of [consumer.events.REBALANCING, consumer.events.STOP, consumer.events.DISCONNECT, consumer.events.CRASH]) consumer.on(event, release);
      return consumer;
    };
    return following;
  }

  /** Per group, the partitions held now. */
  groups(): ReadonlyMap<string, GroupAssignment> {
    const groups = new Map<string, Map<string, number[]>>();
    for (const { group, assignment } of this.held.values()) {
      const topics = groups.get(group) ?? new Map<string, number[]>();
      for (const [topic, partitions] of assignment) topics.set(topic, [...(topics.get(topic) ?? []), ...partitions]);
      groups.set(group, topics);
    }
    return groups;
  }
}

/**
 * Pure: the lag of each held partition, its end minus its group's committed offset. A partition its
 * group has never committed to is left out: the group reads it from wherever its reset policy says,
 * and a consumer that never commits (a reply reader, a partition loader) has no lag to speak of.
 */
export function lagOfHeld(
  group: string,
  held: GroupAssignment,
  committed: ReadonlyMap<string, number>,
  ends: ReadonlyMap<string, number>,
): PartitionLag[] {
  const lags: PartitionLag[] = [];
  for (const [topic, partitions] of held) {
    for (const partition of partitions) {
      const position = committed.get(`${topic}/${partition}`);
      const end = ends.get(`${topic}/${partition}`);
      if (position === undefined || position < 0 || end === undefined) continue;
      lags.push({ group, topic, partition, lag: Math.max(end - position, 0) });
    }
  }
  return lags.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Every held partition's lag, asked of Kafka now: each group's committed offsets, each topic's end. */
export async function measureConsumerLag(admin: Admin, assignments: ConsumerAssignments): Promise<PartitionLag[]> {
  const groups = assignments.groups();
  const topics = [...new Set([...groups.values()].flatMap((held) => [...held.keys()]))];
  const ends = new Map<string, number>();
  await Promise.all(
    topics.map(async (topic) => {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, Number(high));
    }),
  );
  const lags = await Promise.all(
    [...groups].map(async ([group, held]) => {
      const committed = new Map<string, number>();
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group, topics: [...held.keys()] })) {
        for (const { partition, offset } of partitions) committed.set(`${topic}/${partition}`, Number(offset));
      }
      return lagOfHeld(group, held, committed, ends);
    }),
  );
  return lags.flat();
}

/**
 * `rewind_consumer_lag{group,topic,partition}`, measured at each scrape. Kafka must answer within
 * `timeoutMs`, or the scrape goes out without the series (and `rewind_consumer_lag_unmeasured` at 1):
 * /metrics must not hang on a broker that is away.
 */
export function registerConsumerLag(registry: Registry, admin: Admin, assignments: ConsumerAssignments, timeoutMs = 2_000): void {
  let measuring: { readonly at: number; readonly lags: Promise<PartitionLag[] | undefined> } | undefined;
  // the two gauges are collected side by side: they share one measurement per scrape
  const measured = (): Promise<PartitionLag[] | undefined> => {
    if (measuring && Date.now() - measuring.at < 500) return measuring.lags;
    const lags = withinDeadline(measureConsumerLag(admin, assignments), timeoutMs, 'the consumer lag').catch(() => undefined);
    measuring = { at: Date.now(), lags };
    return lags;
  };
  new Gauge({
    name: 'rewind_consumer_lag_unmeasured',
    help: '1 when Kafka did not answer in time at this scrape, so rewind_consumer_lag is missing',
    registers: [registry],
    async collect() {
      this.set((await measured()) === undefined ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rewind_consumer_lag',
    help: 'Records of a partition that its consumer group has not committed yet (end offset - committed offset), for each partition a consumer of this process holds',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { group, topic, partition, lag } of (await measured()) ?? []) this.set({ group, topic, partition: String(partition) }, lag);
    },
  });
}
