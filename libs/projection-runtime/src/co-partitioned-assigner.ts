import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Gives partition p of every subscribed topic to the same member. A projection that joins
 * co-partitioned topics (an order with its payment and shipment, all keyed by the order's id) then
 * has one writer per document: every event about one order reaches one instance.
 */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'RewindCoPartitionedAssigner',
  version: 0,
  async assign({ members, topics }) {
    const memberIds = members.map((member) => member.memberId).sort();
    const counts = topics.map((topic) => cluster.findTopicPartitionMetadata(topic).length);
    const partitions = Math.max(0, ...counts);
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
    for (let partition = 0; partition < partitions; partition++) {
      const owner = assignment.get(memberIds[partition % memberIds.length] ?? '');
      if (!owner) continue;
      topics.forEach((topic, index) => {
        if (partition < (counts[index] ?? 0)) (owner[topic] ??= []).push(partition);
      });
    }
    return [...assignment].map(([memberId, memberAssignment]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: memberAssignment, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: 'RewindCoPartitionedAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
