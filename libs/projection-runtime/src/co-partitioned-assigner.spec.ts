import { AssignerProtocol, type Cluster } from 'kafkajs';
import { coPartitionedAssigner } from './co-partitioned-assigner';

const cluster = (partitions: Record<string, number>) =>
  ({ findTopicPartitionMetadata: (topic: string) => Array.from({ length: partitions[topic] ?? 0 }, (_, partitionId) => ({ partitionId })) }) as unknown as Cluster;

async function assign(memberCount: number, partitions: Record<string, number>) {
  const members = Array.from({ length: memberCount }, (_, i) => ({ memberId: `m${i}`, memberMetadata: Buffer.alloc(0) }));
  const result = await coPartitionedAssigner({ cluster: cluster(partitions), groupId: 'g', logger: undefined as never }).assign({ members, topics: Object.keys(partitions) });
  return Object.fromEntries(result.map(({ memberId, memberAssignment }) => [memberId, AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment]));
}

describe('coPartitionedAssigner', () => {
  it('gives the same partition number of every topic to one member', async () => {
    const assigned = await assign(4, { 'orders.events': 6, 'payments.events': 6, 'shipments.events': 6 });
    expect(assigned['m0']).toEqual({ 'orders.events': [0, 4], 'payments.events': [0, 4], 'shipments.events': [0, 4] });
    expect(assigned['m3']).toEqual({ 'orders.events': [3], 'payments.events': [3], 'shipments.events': [3] });
  });

  it('assigns every partition exactly once', async () => {
    const assigned = await assign(5, { a: 6, b: 6 });
    const all = Object.values(assigned).flatMap((topics) => Object.entries(topics ?? {}).flatMap(([topic, ps]) => ps.map((p) => `${topic}/${p}`)));
    expect(all.sort()).toEqual(['a', 'b'].flatMap((t) => [0, 1, 2, 3, 4, 5].map((p) => `${t}/${p}`)).sort());
  });
});
