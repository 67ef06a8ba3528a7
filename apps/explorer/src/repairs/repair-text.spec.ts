import { canApply, moneyText, paramFields, progressPercent, resultText } from './repair-text';

describe('repairs in words', () => {
  it('lists a repair’s parameters from its JSON schema', () => {
    const kind = {
      name: 'unit-price',
      summary: '',
      stream: 'orders' as const,
      params: { properties: { sku: { description: 'the SKU' }, reason: {} }, required: ['sku'] },
    };
    expect(paramFields(kind)).toEqual([
      { name: 'sku', required: true, description: 'the SKU' },
      { name: 'reason', required: false },
    ]);
  });

  it('says what money a plan moves', () => {
    expect(moneyText([])).toBe('no money moves');
    expect(moneyText([{ currency: 'EUR', refundCents: 400, chargeCents: 0 }, { currency: 'USD', refundCents: 0, chargeCents: 150 }])).toBe('€4.00 back to customers; $1.50 more to charge');
  });

  it('says what became of an entry', () => {
    expect(resultText({ status: 'changed', version: 4, planVersion: 2 })).toBe('skipped: at version 4, the plan saw 2; plan again');
    expect(resultText({ status: 'refused', code: 'order_already_cancelled', message: 'cancelled' })).toBe('order_already_cancelled: cancelled');
  });

  it('applies only a plan that has been made, and again after', () => {
    expect(['planning', 'planned', 'failed', 'applying', 'applied', 'incomplete'].filter((status) => canApply(status as never))).toEqual(['planned', 'applied', 'incomplete']);
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ done: 0, total: 0 })).toBe(100);
  });
});
