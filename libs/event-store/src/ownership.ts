import { AssignerProtocol, Partitioners, PartitionAssigners, type GroupDescription, type PartitionAssigner } from 'kafkajs';

/**
 * Which instance owns which partition, from the consumer group itself. Each member puts how it is
 * reached (its advertised URL) in the user data of its subscription; the group keeps every
 * member's subscription and assignment, and any member reads them back with DescribeGroups
 * (kafkajs hands a member only its own partitions, not the user data). This is what Kafka
 * Streams' interactive queries and Surge's host-aware assignor do.
 */

/** What a member publishes about itself in its subscription. */
export interface AdvertisedMember {
  /** Where the other instances reach its internal endpoint, such as http://10.1.2.3:3001. */
  readonly url: string;
  /**
   * The credential it accepts from the others, when the deployment gave none (INTERNAL_TOKEN):
   * made at random at boot, and readable only by those who may describe the group.
   */
  readonly token?: string;
  /** The partitions it owns now: kept where the balance allows, so that a rebalance moves few. */
  readonly owned: readonly number[];
}

/** The owner of a partition as the group describes it. */
export interface PartitionOwnerAddress {
  readonly memberId: string;
  readonly url: string;
  readonly token?: string;
}

const DEFAULT_PARTITIONER = Partitioners.DefaultPartitioner();

/**
 * The partition of the commands topic (and so of every topic of the service) that an aggregate's
 * records go to: kafkajs's default partitioner, murmur2 of the key as the Java client computes it,
 * so it is the producer's own choice for a record keyed by the aggregate id.
 */
export function partitionOf(aggregateId: string, partitionCount: number): number {
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
  return DEFAULT_PARTITIONER({ topic: '', partitionMetadata, message: { key: aggregateId, value: null } });
}

/**
 * Spreads partitions evenly over members, each keeping what it owns as far as the balance allows:
 * every member gets ⌊n/m⌋ or ⌈n/m⌉ partitions, those that own more keep the larger shares, and
 * what is left goes in order to those below their share. Deterministic for the same members.
 */
export function stickyAssignment(members: readonly { readonly memberId: string; readonly owned: readonly number[] }[], partitions: readonly number[]): Map<string, number[]> {
  const ordered = [...members].sort((a, b) => b.owned.length - a.owned.length || a.memberId.localeCompare(b.memberId));
  const base = Math.floor(partitions.length / Math.max(1, ordered.length));
  const extra = partitions.length - base * ordered.length;
  const capacity = new Map(ordered.map((member, index) => [member.memberId, base + (index < extra ? 1 : 0)]));
  const assignment = new Map<string, number[]>(ordered.map((member) => [member.memberId, []]));
  const taken = new Set<number>();
  for (const member of ordered) {
    const mine = assignment.get(member.memberId) ?? [];
    for (const partition of [...member.owned].sort((a, b) => a - b)) {
      if (mine.length >= (capacity.get(member.memberId) ?? 0)) break;
      if (partitions.includes(partition) && !taken.has(partition)) {
        mine.push(partition);
        taken.add(partition);
      }
    }
  }
  const left = [...partitions].filter((partition) => !taken.has(partition)).sort((a, b) => a - b);
  for (const member of ordered) {
    const mine = assignment.get(member.memberId) ?? [];
    while (mine.length < (capacity.get(member.memberId) ?? 0) && left.length > 0) mine.push(left.shift() as number);
    mine.sort((a, b) => a - b);
  }
  return assignment;
}

/** The name the group knows the assigner by: every instance must offer it for the group to use it. */
export const OWNERSHIP_PROTOCOL = 'RewindAdvertisedOwners';

/**
 * kafkajs partition assigners for the command processor's group: ours, which publishes `self()` in
 * each member's subscription and keeps assignments sticky, then kafkajs's round robin, which a
 * group whose older members offer only that one agrees on during a rolling upgrade (its members
 * then publish no address, and commands are not forwarded until every member offers ours).
 */
export function ownershipAssigners(self: () => AdvertisedMember): PartitionAssigner[] {
  const advertised: PartitionAssigner = ({ cluster }) => ({
    name: OWNERSHIP_PROTOCOL,
    version: 1,
    async assign({ members, topics }) {
      const decoded = members.map(({ memberId, memberMetadata }) => ({ memberId, owned: advertisedBy(memberMetadata)?.owned ?? [] }));
      const perTopic = topics.map((topic) => {
        const partitions = cluster.findTopicPartitionMetadata(topic).map((metadata) => metadata.partitionId);
        return { topic, assignment: stickyAssignment(decoded, partitions) };
      });
      return members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: Object.fromEntries(perTopic.map(({ topic, assignment }) => [topic, assignment.get(memberId) ?? []])),
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return { name: OWNERSHIP_PROTOCOL, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify(self())) }) };
    },
  });
  return [advertised, PartitionAssigners.roundRobin];
}

/** A member's published self, from its subscription; undefined for a member that published none (an older instance). */
export function advertisedBy(memberMetadata: Buffer): AdvertisedMember | undefined {
  try {
    const { userData } = AssignerProtocol.MemberMetadata.decode(memberMetadata) ?? {};
    if (!userData || userData.length === 0) return undefined;
    const parsed = JSON.parse(userData.toString('utf8')) as Partial<AdvertisedMember>;
    if (typeof parsed.url !== 'string') return undefined;
    const owned = Array.isArray(parsed.owned) ? parsed.owned.filter((partition): partition is number => Number.isInteger(partition)) : [];
    return { url: parsed.url, owned, ...(typeof parsed.token === 'string' ? { token: parsed.token } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Each partition of `topic` and its owner, from a description of the group; empty unless the group
 * is stable (during a rebalance the assignments are being made) and uses our protocol.
 */
export function ownersFrom(group: GroupDescription, topic: string): Map<number, PartitionOwnerAddress> {
  const owners = new Map<number, PartitionOwnerAddress>();
  if (group.state !== 'Stable' || group.protocol !== OWNERSHIP_PROTOCOL) return owners;
  for (const member of group.members) {
    const self = advertisedBy(member.memberMetadata);
    if (!self || member.memberAssignment.length === 0) continue;
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {};
    for (const partition of assignment[topic] ?? []) {
      owners.set(partition, { memberId: member.memberId, url: self.url, ...(self.token === undefined ? {} : { token: self.token }) });
    }
  }
  return owners;
}

/**
 * The partitions of `topic` the group's current assignment gives a member: undefined while the group
 * rebalances (its assignments are being made), empty for a member that is not in the group (any
 * more). Whatever the assigner that made them.
 */
export function assignedIn(group: GroupDescription, memberId: string, topic: string): readonly number[] | undefined {
  if (group.state !== 'Stable') return undefined;
  const member = group.members.find((candidate) => candidate.memberId === memberId);
  if (!member || member.memberAssignment.length === 0) return [];
  return AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? [];
}
