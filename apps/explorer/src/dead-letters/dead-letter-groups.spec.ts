import type { DeadLetter } from '../api/query-api.types';
import { groupDeadLetters, letterValueText } from './dead-letter-groups';

let offset = 0;
const letter = (consumer: string, key: string | null, over: Partial<DeadLetter> = {}): DeadLetter => ({
  id: `dl-${offset}`,
  consumer,
  reason: 'version gap: expected 1, got 3',
  source: { topic: 'orders.events', partition: 0, offset: String(offset++) },
  at: '2026-11-27T10:00:00.000Z',
  key,
  headers: {},
  replayRequested: false,
  value: '{"type":"OrderDelivered"}',
  ...over,
});

describe('groupDeadLetters', () => {
  it('groups letters by consumer and key, keeping their order within a key', () => {
    const first = letter('projection.orders.g1', 'ord-1');
    const held = letter('projection.orders.g1', 'ord-1', { heldBehind: first.source });
    const other = letter('order-service.reactions', 'ord-2');
    const groups = groupDeadLetters([first, other, held]);
    expect(groups.map(({ consumer, key, letters }) => [consumer, key, letters.map(({ id }) => id)])).toEqual([
      ['order-service.reactions', 'ord-2', [other.id]],
      ['projection.orders.g1', 'ord-1', [first.id, held.id]],
    ]);
  });

  it('marks a group whose replay was asked for', () => {
    expect(groupDeadLetters([letter('c', 'k', { replayRequested: true }), letter('c', 'k')])[0]?.replayRequested).toBe(true);
  });
});

describe('letterValueText', () => {
  it('shows JSON indented, other text as it is, and binary as base64', () => {
    expect(letterValueText(letter('c', 'k'))).toBe('{\n  "type": "OrderDelivered"\n}');
    expect(letterValueText(letter('c', 'k', { value: 'not json' }))).toBe('not json');
    expect(letterValueText(letter('c', 'k', { value: undefined, valueBase64: '3q2+7w==' }))).toBe('(binary, base64) 3q2+7w==');
    expect(letterValueText(letter('c', 'k', { value: null }))).toBe('(no value)');
  });
});
