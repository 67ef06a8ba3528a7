import type { Archived, DeadLetter, Released, ReplayRequested } from './dead-letter';
import { DeadLetterLedger } from './ledger';

describe('the dead-letter ledger', () => {
  const at = '2026-11-27T10:00:00.000Z';
  const letter = (id: string, offset: number, key = 'ord_1', consumer = 'payments.reactions'): DeadLetter => ({
    kind: 'letter',
    id,
    consumer,
    reason: offset === 10 ? 'undecodable: x' : 'held behind orders.events/0@10',
    source: { topic: 'orders.events', partition: 0, offset: String(offset) },
    at,
    key,
    value: Buffer.from('{}'),
    headers: {},
  });
  const requested = (id: string, key = 'ord_1'): ReplayRequested => ({ kind: 'replay-requested', id, consumer: 'payments.reactions', key, at });
  const released = (id: string, key = 'ord_1'): Released => ({ kind: 'released', id, consumer: 'payments.reactions', topic: 'orders.events', key, at });
  const ids = (ledger: DeadLetterLedger) => ledger.list().map((hold) => [hold.consumer, hold.key, hold.letters.map((held) => held.id), hold.replayRequested]);

  it('holds a key per consumer and topic, its letters in order', () => {
    const ledger = new DeadLetterLedger();
    [letter('a', 10), letter('b', 11), letter('c', 12, 'ord_2'), letter('d', 10, 'ord_1', 'projection.orders.g1')].forEach((record) => ledger.apply(record));
    expect(ids(ledger)).toEqual([
      ['payments.reactions', 'ord_1', ['a', 'b'], false],
      ['payments.reactions', 'ord_2', ['c'], false],
      ['projection.orders.g1', 'ord_1', ['d'], false],
    ]);
    expect(ledger.list({ consumer: 'payments.reactions', key: 'ord_2' })).toHaveLength(1);
    expect(ledger.hasLetter('payments.reactions', letter('x', 11).source, 'ord_1')).toBe(true);
    expect(ledger.hasLetter('payments.reactions', letter('x', 13).source, 'ord_1')).toBe(false);
  });

  it('archives every letter of a consumer group that is gone, whether read before or after the record that says so', () => {
    const ledger = new DeadLetterLedger();
    const archived: Archived = { kind: 'archived', id: 'z', consumer: 'projection.orders.g1', at };
    [letter('a', 10, 'ord_1', 'projection.orders.g1'), letter('b', 10), archived, letter('c', 12, 'ord_2', 'projection.orders.g1')].forEach((record) => ledger.apply(record));
    expect(ids(ledger)).toEqual([['payments.reactions', 'ord_1', ['b'], false]]);
    expect(ledger.list({ consumer: 'projection.orders.g1' })).toEqual([]);
  });

  it('applies each record once, and one source record once whoever wrote it', () => {
    const ledger = new DeadLetterLedger();
    [letter('a', 10), letter('a', 10), letter('again', 10)].forEach((record) => ledger.apply(record));
    expect(ids(ledger)).toEqual([['payments.reactions', 'ord_1', ['a'], false]]);
  });

  it('marks the holds of a key for replay, and a release lets the key go; what fails again holds it anew', () => {
    const ledger = new DeadLetterLedger();
    [letter('a', 10), letter('b', 11), letter('c', 12, 'ord_2'), requested('r')].forEach((record) => ledger.apply(record));
    expect(ids(ledger)).toEqual([
      ['payments.reactions', 'ord_1', ['a', 'b'], true],
      ['payments.reactions', 'ord_2', ['c'], false],
    ]);
    [released('x'), letter('a2', 10)].forEach((record) => ledger.apply(record));
    expect(ids(ledger)).toEqual([
      ['payments.reactions', 'ord_2', ['c'], false],
      ['payments.reactions', 'ord_1', ['a2'], false],
    ]);
    // read back from the topic later: the same records change nothing
    [letter('a', 10), requested('r'), released('x'), letter('a2', 10)].forEach((record) => ledger.apply(record));
    expect(ledger.list({ key: 'ord_1' }).map((hold) => hold.letters.map((held) => held.id))).toEqual([['a2']]);
  });

  it('takes back letters and releases whose write failed', () => {
    const ledger = new DeadLetterLedger();
    [letter('a', 10), requested('r')].forEach((record) => ledger.apply(record));
    const before = ledger.hold('payments.reactions', 'orders.events', 'ord_1');
    [released('x'), letter('a2', 10)].forEach((record) => ledger.apply(record));
    if (!before) throw new Error('no hold');
    ledger.restore(before, [released('x'), letter('a2', 10)]);
    expect(ids(ledger)).toEqual([['payments.reactions', 'ord_1', ['a'], true]]);

    ledger.apply(letter('b', 11));
    ledger.forget([letter('b', 11)]);
    expect(ids(ledger)).toEqual([['payments.reactions', 'ord_1', ['a'], true]]);
    ledger.forget([letter('a', 10)]);
    expect(ledger.list()).toEqual([]);
    ledger.apply(letter('b', 11)); // written after all, later: applies
    expect(ids(ledger)).toEqual([['payments.reactions', 'ord_1', ['b'], false]]);
  });
});
