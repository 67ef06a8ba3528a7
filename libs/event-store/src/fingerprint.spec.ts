import { canonicalJson, commandFingerprint } from './fingerprint';

describe('a command fingerprint', () => {
  const command = {
    commandId: 'k',
    type: 'PlaceOrder',
    aggregateId: 'o-1',
    issuedAt: '2026-11-27T10:00:00.000Z',
    correlationId: 'k',
    causationId: 'k',
    data: { currency: 'EUR', lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }] },
  };

  it('is the same for the same request, whatever the order of its keys and when it was issued', () => {
    const reordered = { data: { lines: [{ quantity: 1, sku: 'A' }, { quantity: 2, sku: 'B' }], currency: 'EUR' }, aggregateId: 'o-1', type: 'PlaceOrder' };
    expect(commandFingerprint({ ...reordered, issuedAt: '2026-11-28T00:00:00.000Z' } as typeof reordered)).toBe(commandFingerprint(command));
  });

  it.each<[string, object]>([
    ['type', { type: 'CancelOrder' }],
    ['aggregate', { aggregateId: 'o-2' }],
    ['data', { data: { ...command.data, currency: 'USD' } }],
    ['order of a list', { data: { ...command.data, lines: [...command.data.lines].reverse() } }],
    ['expected version', { expectedVersion: 3 }],
  ])('differs when the %s differs', (_what, change) => {
    expect(commandFingerprint({ ...command, ...change })).not.toBe(commandFingerprint(command));
  });

  it('writes JSON with the keys of every object sorted', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});
