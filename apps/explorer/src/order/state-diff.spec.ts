import { diffStates, valueText } from './state-diff';

const placed = {
  status: 'placed',
  customerId: 'cus_1',
  lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
  shippingAddress: { city: 'Berlin', country: 'DE' },
};

describe('diffStates', () => {
  it('finds nothing between equal states', () => {
    expect(diffStates(placed, structuredClone(placed))).toEqual([]);
  });

  it('names each leaf that changed, appeared or went, by its path, keys in order', () => {
    const confirmed = { ...placed, status: 'confirmed', paymentId: 'pay_1', customerId: undefined, lines: [{ sku: 'MUG', quantity: 3, unitPriceCents: 1250 }] };
    expect(diffStates(placed, confirmed)).toEqual([
      { kind: 'removed', path: 'customerId', before: 'cus_1' },
      { kind: 'changed', path: 'lines[0].quantity', before: 2, after: 3 },
      { kind: 'added', path: 'paymentId', after: 'pay_1' },
      { kind: 'changed', path: 'status', before: 'placed', after: 'confirmed' },
    ]);
  });

  it('shows the first state as each of its fields added, against nothing', () => {
    expect(diffStates({}, { status: 'placed', lines: [{ sku: 'MUG' }] })).toEqual([
      { kind: 'added', path: 'lines', after: [{ sku: 'MUG' }] },
      { kind: 'added', path: 'status', after: 'placed' },
    ]);
  });

  it('compares arrays by position, and reports a longer one’s extra items as added', () => {
    expect(diffStates({ lines: ['a'] }, { lines: ['a', 'b'] })).toEqual([{ kind: 'added', path: 'lines[1]', after: 'b' }]);
  });

  it('takes a value that turns from an object into something else for one change', () => {
    expect(diffStates({ refund: { reason: 'x' } }, { refund: null })).toEqual([{ kind: 'changed', path: 'refund', before: { reason: 'x' }, after: null }]);
  });
});

describe('valueText', () => {
  it('shows strings as they are and anything else as JSON', () => {
    expect([valueText('placed'), valueText(2500), valueText({ city: 'Berlin' })]).toEqual(['placed', '2500', '{"city":"Berlin"}']);
  });
});
