import { auditEventLog } from './event-log';
import type { TopicRecord } from './read-topic';

const record = (aggregateId: string, version: number, commandId: string, eventId = `${aggregateId}-${version}`): TopicRecord => ({
  partition: 0,
  offset: '0',
  key: aggregateId,
  headers: {},
  value: JSON.stringify({ eventId, type: 'T', aggregateId, aggregateVersion: version, commandId, data: {} }),
});

describe('auditEventLog', () => {
  it('finds nothing wrong with a sound log', () => {
    const audit = auditEventLog([record('a', 1, 'c1'), record('b', 1, 'c2'), record('a', 2, 'c3'), record('a', 3, 'c3')]);
    expect(audit.problems).toEqual([]);
    expect(audit.byAggregate.get('a')?.map((e) => e.aggregateVersion)).toEqual([1, 2, 3]);
  });

  it('reports gaps, duplicate versions, commands applied twice and repeated event ids', () => {
    const audit = auditEventLog([
      record('a', 1, 'c1'),
      record('a', 3, 'c2'),
      record('b', 1, 'c3'),
      record('b', 1, 'c4'),
      record('c', 1, 'c5'),
      record('c', 2, 'c6'),
      record('c', 3, 'c5'),
      record('d', 1, 'c7', 'dup'),
      record('e', 1, 'c8', 'dup'),
    ]);
    expect(audit.problems).toEqual([
      'a: event 2 in the log has version 3',
      'b: event 2 in the log has version 1',
      'c: command c5 applied twice',
      'event id b-1 appears twice', // the duplicated version is the same event written twice
      'event id dup appears twice',
    ]);
  });

  it('reports a record keyed by something else than its aggregate', () => {
    expect(auditEventLog([{ ...record('a', 1, 'c1'), key: 'b' }]).problems).toEqual(['record at 0@0 is keyed b, not a']);
  });
});
