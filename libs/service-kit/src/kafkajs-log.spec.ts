import { logLevel, type LogEntry } from 'kafkajs';
import { kafkajsLevel } from './kafkajs-log';

const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}): Pick<LogEntry, 'level' | 'log'> => ({
  level,
  log: { timestamp: '2026-12-03T10:00:00.000Z', logger: 'kafkajs', message, ...extra },
});
const response = (error: string) => entry(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', { broker: 'b:9092', error, correlationId: 7 });

describe('the level of a kafkajs log line', () => {
  it.each([
    ['CONCURRENT_TRANSACTIONS', 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing'],
    ['NOT_COORDINATOR', 'This is not the correct coordinator for this group'],
    ['LEADER_NOT_AVAILABLE', 'There is no leader for this topic-partition as we are in the middle of a leadership election'],
    ['REBALANCE_IN_PROGRESS', 'The group is rebalancing, so a rejoin is needed'],
    ['UNKNOWN_MEMBER_ID', 'The coordinator is not aware of this member'],
  ])('writes a broker answer that is asked again (%s) at debug, not error', (_type, message) => {
    expect(kafkajsLevel(response(message))).toBe('debug');
  });

  it('keeps an answer that is not asked again (a fenced producer, a refused authorisation) an error', () => {
    expect(kafkajsLevel(response("Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker"))).toBe('error');
    expect(kafkajsLevel(response('Not authorized to access topics: [Topic authorization failed]'))).toBe('error');
    expect(kafkajsLevel(entry(logLevel.ERROR, 'Crash: KafkaJSNonRetriableError: Closed connection', { groupId: 'g' }))).toBe('error');
  });

  it('writes a rejoin or a retry that kafkajs announces at info, and a retry after a failed connection at warn', () => {
    expect(kafkajsLevel(entry(logLevel.ERROR, 'The group is rebalancing, re-joining', { groupId: 'g', memberId: 'm', error: 'x' }))).toBe('info');
    expect(kafkajsLevel(entry(logLevel.ERROR, 'The coordinator is not aware of this member, re-joining the group', { groupId: 'g' }))).toBe('info');
    expect(kafkajsLevel(entry(logLevel.ERROR, 'Restarting the consumer in 300ms', { retryCount: 0, retryTime: 300, groupId: 'g' }))).toBe('info');
    expect(kafkajsLevel(entry(logLevel.ERROR, 'Failed to send messages: This server is not the leader for that topic-partition', { retryCount: 1, retryTime: 412 }))).toBe('info');
    expect(kafkajsLevel(entry(logLevel.ERROR, 'Failed to connect to seed broker, trying another broker from the list: connect ECONNREFUSED', { retryCount: 2, retryTime: 800 }))).toBe('warn');
  });

  it('keeps kafkajs’s level for everything else', () => {
    expect(kafkajsLevel(entry(logLevel.WARN, 'KafkaJS v2.0.0 switched default partitioner'))).toBe('warn');
    expect(kafkajsLevel(entry(logLevel.INFO, 'Consumer has joined the group'))).toBe('info');
    expect(kafkajsLevel(entry(logLevel.DEBUG, 'Request Fetch(key: 1, version: 11)'))).toBe('debug');
    expect(kafkajsLevel(entry(logLevel.NOTHING, 'x'))).toBeUndefined();
  });
});
