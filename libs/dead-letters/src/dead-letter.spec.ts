import { deadLetterMessage, readDeadLetter, type DeadLetter } from './dead-letter';

describe('a dead letter', () => {
  const letter: DeadLetter = {
    consumer: 'projection.orders.g1',
    reason: 'version gap: applied 1, event has 3',
    source: { topic: 'orders.events', partition: 2, offset: '41' },
    heldBehind: { topic: 'orders.events', partition: 2, offset: '40' },
    at: '2026-11-27T10:00:00.000Z',
    key: 'ord_1',
    value: Buffer.from('{"type":"OrderPlaced"}'),
    headers: { traceparent: '00-abc-def-01' },
  };

  it('keeps the source record untouched and tells what happened in headers of its own', () => {
    const message = deadLetterMessage(letter);
    expect(message).toMatchObject({ key: 'ord_1', value: letter.value, headers: expect.objectContaining({ traceparent: '00-abc-def-01', 'rewind-dead-letter-held-behind': 'orders.events/2@40' }) });
    expect(readDeadLetter({ key: Buffer.from('ord_1'), value: letter.value, headers: message.headers as Record<string, string> })).toEqual(letter);
  });

  it('is not read from a record that does not carry one', () => {
    expect(readDeadLetter({ key: null, value: Buffer.from('x'), headers: { traceparent: 'y' } })).toBeUndefined();
  });

  it('survives a source record without key or value (garbage can have neither)', () => {
    const withoutHold: DeadLetter = { consumer: letter.consumer, reason: letter.reason, source: letter.source, at: letter.at, key: null, value: null, headers: {} };
    expect(readDeadLetter({ key: null, value: null, headers: deadLetterMessage(withoutHold).headers as Record<string, string> })).toEqual(withoutHold);
  });
});
