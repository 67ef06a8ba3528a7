import { canApply, entryMoneyText, holdsText, moneyText, paramFields, progressPercent, resultText } from './repair-text';

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

  it('says what one correction moves, the API’s sign in words', () => {
    expect(entryMoneyText({ currency: 'EUR', cents: -300 })).toBe('€3.00 back to the customer');
    expect(entryMoneyText({ currency: 'EUR', cents: 150 })).toBe('€1.50 more to charge');
    expect([entryMoneyText({ currency: 'EUR', cents: 0 }), entryMoneyText(undefined)]).toEqual(['no money moves', '']);
  });

  it('says what an order holds now, its lines and amounts as money', () => {
    const holds = { status: 'confirmed', currency: 'EUR', totalCents: 7550, lines: [{ line: 1, sku: 'TEAPOT', quantity: 3, unitPriceCents: 1250 }] };
    expect(holdsText(holds)).toBe('status confirmed · total €75.50 · 3 × TEAPOT at €12.50');
  });

  it('leaves out nothing a repair of another shape holds', () => {
    expect(holdsText({ status: 'dispatched', carrier: { name: 'DHL', feeCents: 499 }, currency: 'EUR' })).toBe('status dispatched · carrier (name DHL, fee €4.99)');
    // no amount says the currency: it is said alone; an amount without a currency stays in minor units
    expect(holdsText({ status: 'placed', currency: 'EUR', attempts: 2 })).toBe('status placed · currency EUR · attempts 2');
    expect(holdsText({ totalCents: 4400 })).toBe('totalCents 4400');
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
