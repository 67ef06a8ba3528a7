import { AssignerProtocol, type GroupDescription } from 'kafkajs';
import { advertisedBy, assignedIn, OWNERSHIP_PROTOCOL, ownersFrom, stickyAssignment } from './ownership';

const member = (memberId: string, owned: number[] = []) => ({ memberId, owned });
const partitions = [0, 1, 2, 3, 4, 5];

describe('the sticky assignment of a group', () => {
  it('spreads the partitions evenly over the members, deterministically', () => {
    const assignment = stickyAssignment([member('b'), member('a'), member('c'), member('d')], partitions);
    expect([...assignment.values()].map((mine) => mine.length).sort()).toEqual([1, 1, 2, 2]);
    expect([...assignment.values()].flat().sort()).toEqual(partitions);
    expect(stickyAssignment([member('d'), member('c'), member('b'), member('a')], partitions)).toEqual(assignment);
  });

  it('moves only what the balance needs when a member joins, and keeps what each owns when one leaves', () => {
    const joined = stickyAssignment([member('a', partitions), member('b')], partitions);
    expect(joined.get('a')).toEqual([0, 1, 2]);
    expect(joined.get('b')).toEqual([3, 4, 5]);
    const left = stickyAssignment([member('a', [0, 1]), member('c', [4, 5])], partitions);
    expect(left.get('a')).toEqual([0, 1, 2]);
    expect(left.get('c')).toEqual([3, 4, 5]);
  });

  it('gives a partition two members claim (one of them out of date) to one of them only', () => {
    const assignment = stickyAssignment([member('a', partitions), member('b', partitions)], partitions);
    expect([...assignment.values()].flat().sort()).toEqual(partitions);
    expect(assignment.get('a')?.length).toBe(3);
  });
});

describe('what the group says about its members', () => {
  const metadata = (userData: unknown) => AssignerProtocol.MemberMetadata.encode({ version: 1, topics: ['t'], userData: Buffer.from(JSON.stringify(userData)) });
  const assignment = (mine: number[]) => AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: { t: mine }, userData: Buffer.alloc(0) });
  const group = (state: string, protocol = OWNERSHIP_PROTOCOL): GroupDescription => ({
    groupId: 'g',
    protocol,
    protocolType: 'consumer',
    state: state as GroupDescription['state'],
    members: [
      { memberId: 'm1', clientId: 'c', clientHost: 'h', memberMetadata: metadata({ url: 'http://10.0.0.1:3001', token: 'secret', owned: [0] }), memberAssignment: assignment([0, 2]) },
      { memberId: 'm2', clientId: 'c', clientHost: 'h', memberMetadata: metadata({ url: 'http://10.0.0.2:3001', owned: [] }), memberAssignment: assignment([1]) },
    ],
  });

  it('names each partition’s owner with its address, once the group is stable', () => {
    expect(Object.fromEntries(ownersFrom(group('Stable'), 't'))).toEqual({
      0: { memberId: 'm1', url: 'http://10.0.0.1:3001', token: 'secret' },
      1: { memberId: 'm2', url: 'http://10.0.0.2:3001' },
      2: { memberId: 'm1', url: 'http://10.0.0.1:3001', token: 'secret' },
    });
    expect(ownersFrom(group('CompletingRebalance'), 't').size).toBe(0);
    // older members that publish nothing: no addresses to forward to
    expect(ownersFrom(group('Stable', 'RoundRobinAssigner'), 't').size).toBe(0);
  });

  it('says what a member is assigned, nothing for one it does not know, and nothing while it rebalances', () => {
    expect(assignedIn(group('Stable'), 'm1', 't')).toEqual([0, 2]);
    expect(assignedIn(group('Stable', 'RoundRobinAssigner'), 'm2', 't')).toEqual([1]);
    expect(assignedIn(group('Stable'), 'gone', 't')).toEqual([]);
    expect(assignedIn(group('PreparingRebalance'), 'm1', 't')).toBeUndefined();
  });

  it('reads a member’s published self, and nothing from a member that published none or garbage', () => {
    expect(advertisedBy(metadata({ url: 'http://x:1', owned: [3, 'x'] }))).toEqual({ url: 'http://x:1', owned: [3] });
    expect(advertisedBy(AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['t'], userData: Buffer.alloc(0) }))).toBeUndefined();
    expect(advertisedBy(AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['t'], userData: Buffer.from('not json') }))).toBeUndefined();
  });
});
