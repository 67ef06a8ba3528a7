import { firstDifference } from './verify';

describe('firstDifference', () => {
  it('finds nothing between equal documents, whatever order their fields were written in', () => {
    expect(firstDifference({ _id: 'a', model: { status: 'placed', lines: [{ sku: 'x' }] } }, { model: { lines: [{ sku: 'x' }], status: 'placed' }, _id: 'a' })).toBeUndefined();
  });

  it('names the first path that differs', () => {
    expect(firstDifference({ model: { payment: { status: 'authorized' } } }, { model: { payment: { status: 'refunded' } } })).toBe('model.payment.status');
    expect(firstDifference({ model: { lines: [1, 2] } }, { model: { lines: [1, 2, 3] } })).toBe('model.lines[2]');
    expect(firstDifference({ applied: { orders: 3 } }, { applied: { orders: 3, payments: 1 } })).toBe('applied.payments');
    expect(firstDifference(1, '1')).toBe('(document)');
  });
});
