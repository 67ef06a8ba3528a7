import { DeadLetterLedger, type DeadLetter } from '@rewind/dead-letters';
import { replayOutcome } from './dead-letters.command';

describe('following a replay', () => {
  const at = '2026-11-27T10:00:00.000Z';
  const letter = (id: string, key: string): DeadLetter => ({
    kind: 'letter',
    id,
    consumer: 'payments.reactions',
    reason: 'reaction failed: x',
    source: { topic: 'orders.events', partition: 0, offset: id.length.toString() },
    at,
    key,
    value: null,
    headers: {},
  });

  it('waits while a requested key is not handled, and tells released keys from those that failed again', () => {
    const ledger = new DeadLetterLedger();
    [letter('a', 'ord_1'), letter('bb', 'ord_2')].forEach((record) => ledger.apply(record));
    ledger.apply({ kind: 'replay-requested', id: 'r1', consumer: 'payments.reactions', key: 'ord_1', at });
    ledger.apply({ kind: 'replay-requested', id: 'r2', consumer: 'payments.reactions', key: 'ord_2', at });
    const requested = ledger.list();
    expect(replayOutcome(ledger, requested)).toEqual({ pending: 2, failedAgain: [] });

    ledger.apply({ kind: 'released', id: 'x1', consumer: 'payments.reactions', topic: 'orders.events', key: 'ord_1', at });
    expect(replayOutcome(ledger, requested)).toEqual({ pending: 1, failedAgain: [] });

    ledger.apply({ kind: 'released', id: 'x2', consumer: 'payments.reactions', topic: 'orders.events', key: 'ord_2', at });
    ledger.apply(letter('again', 'ord_2'));
    expect(replayOutcome(ledger, requested)).toEqual({ pending: 0, failedAgain: [expect.objectContaining({ key: 'ord_2', replayRequested: false })] });
  });
});
