import { deadLetterMessage, deadLetterView, readDeadLetterRecord, type Archived, type DeadLetter, type Released, type ReplayRequested } from './dead-letter';

describe('a dead letter', () => {
  const letter: DeadLetter = {
    kind: 'letter',
    id: 'b7c1a0de-0000-4000-8000-000000000001',
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
    expect(readDeadLetterRecord({ key: Buffer.from('ord_1'), value: letter.value, headers: message.headers as Record<string, string> })).toEqual(letter);
  });

  it('is not read from a record that does not carry one', () => {
    expect(readDeadLetterRecord({ key: null, value: Buffer.from('x'), headers: { traceparent: 'y' } })).toBeUndefined();
  });

  it('survives a source record without key or value (garbage can have neither)', () => {
    const withoutHold: DeadLetter = { kind: 'letter', id: letter.id, consumer: letter.consumer, reason: letter.reason, source: letter.source, at: letter.at, key: null, value: null, headers: {} };
    expect(readDeadLetterRecord({ key: null, value: null, headers: deadLetterMessage(withoutHold).headers as Record<string, string> })).toEqual(withoutHold);
  });

  it('reads back a replay request and a release, which carry no record of their own', () => {
    const requested: ReplayRequested = { kind: 'replay-requested', id: 'r1', consumer: 'payments.reactions', key: 'ord_1', at: letter.at };
    const released: Released = { kind: 'released', id: 'r2', consumer: 'payments.reactions', topic: 'orders.events', key: 'ord_1', at: letter.at };
    for (const record of [requested, released]) {
      const message = deadLetterMessage(record);
      expect(message.value).toBeNull();
      expect(readDeadLetterRecord({ key: Buffer.from('ord_1'), value: null, headers: message.headers as Record<string, string> })).toEqual(record);
    }
  });

  it('reads back the archive of a consumer group, which carries no key', () => {
    const archived: Archived = { kind: 'archived', id: 'r3', consumer: 'projection.orders.g1', at: letter.at };
    const message = deadLetterMessage(archived);
    expect({ key: message.key, value: message.value }).toEqual({ key: null, value: null });
    expect(readDeadLetterRecord({ key: null, value: null, headers: message.headers as Record<string, string> })).toEqual(archived);
  });

  it('is shown with its value as text, or in base64 when that is not UTF-8', () => {
    expect(deadLetterView(letter, true)).toEqual(expect.objectContaining({ value: '{"type":"OrderPlaced"}', replayRequested: true, id: letter.id }));
    expect(deadLetterView({ ...letter, value: Buffer.from([0xff, 0xfe]) }, false)).toEqual(expect.objectContaining({ valueBase64: '//4=', replayRequested: false }));
    expect(deadLetterView(letter, false)).not.toHaveProperty('kind');
  });
});
