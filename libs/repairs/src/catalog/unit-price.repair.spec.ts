import type { OrderEvent } from '@rewind/contracts';
import { cancelled, confirmed, orderHistory, placedWith } from '../testing/histories';
import { unitPriceRepair } from './unit-price.repair';

const params = unitPriceRepair.params.parse({ sku: 'MUG', charged: '1250', price: '1150', from: '2026-11-02T00:00:00Z', until: '2026-11-09T00:00:00Z' });
const inWindow = '2026-11-05T12:00:00.000Z';
const mugs = [
  { sku: 'MUG', quantity: 2, unitPriceCents: 1250 },
  { sku: 'BEANS', quantity: 1, unitPriceCents: 1900 },
];
const repriced = (previous: number, to: number, repricing = 1): Pick<OrderEvent, 'type' | 'data'> => ({
  type: 'OrderRepriced',
  data: {
    corrects: '00000000-0000-4000-8000-000001000001',
    reason: 'by hand',
    repricing,
    lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: previous, unitPriceCents: to }],
    previousTotalCents: 2 * previous + 1900,
    totalCents: 2 * to + 1900,
  },
});
const settled = (repricing = 1): Pick<OrderEvent, 'type' | 'data'> => ({
  type: 'OrderRepricingSettled',
  data: { correction: '00000000-0000-4000-8000-000001000003', repricing, settlement: 'refunded', amountCents: 1 },
});

describe('the unit-price repair', () => {
  it('reprices the lines of an order placed in the window at the wrong price, naming the OrderPlaced it corrects', () => {
    const history = orderHistory('order-1', inWindow, [placedWith(mugs), confirmed]);
    expect(unitPriceRepair.assess(history, params)).toEqual({
      kind: 'correct',
      correction: {
        type: 'RepriceOrderLines',
        data: { corrects: history[0]!.eventId, reason: 'repair unit-price: MUG was priced 1250 instead of 1150', lines: [{ line: 0, sku: 'MUG', unitPriceCents: 1150 }] },
      },
      holds: { status: 'confirmed', currency: 'EUR', totalCents: 4400, lines: [{ line: 0, ...mugs[0] }] },
      money: { currency: 'EUR', cents: -200 },
      note: '2 × MUG 1250 → 1150: 200 EUR minor units back to the customer',
    });
  });

  it.each([
    ['placed before the window', '2026-11-01T23:59:59.999Z', mugs],
    ['placed at its end', '2026-11-09T00:00:00.000Z', mugs],
    ['without the SKU', inWindow, [{ sku: 'BEANS', quantity: 1, unitPriceCents: 1900 }]],
    ['with the SKU at the right price', inWindow, [{ sku: 'MUG', quantity: 2, unitPriceCents: 1150 }]],
  ])('leaves out an order %s', (_, placedAt, lines) => {
    expect(unitPriceRepair.assess(orderHistory('order-2', placedAt, [placedWith(lines), confirmed]), params)).toBeUndefined();
  });

  it('takes an order placed at the first instant of the window', () => {
    expect(unitPriceRepair.assess(orderHistory('order-3', '2026-11-02T00:00:00.000Z', [placedWith(mugs)]), params)).toMatchObject({ kind: 'correct' });
  });

  it('lists, and leaves, an order cancelled since, one repriced since, and one whose repricing is not settled', () => {
    expect(unitPriceRepair.assess(orderHistory('order-4', inWindow, [placedWith(mugs), confirmed, cancelled]), params)).toMatchObject({
      kind: 'leave',
      reason: expect.stringContaining('cancelled'),
    });
    expect(unitPriceRepair.assess(orderHistory('order-5', inWindow, [placedWith(mugs), confirmed, repriced(1250, 1150), settled()]), params)).toMatchObject({
      kind: 'leave',
      reason: expect.stringContaining('repriced since'),
    });
    expect(unitPriceRepair.assess(orderHistory('order-6', inWindow, [placedWith(mugs), confirmed, repriced(1250, 1200)]), params)).toMatchObject({
      kind: 'leave',
      reason: expect.stringContaining('waits for its payment'),
    });
  });

  it('names the reversal of a declined repricing as what it corrects, when that set the price back', () => {
    const reverted: Pick<OrderEvent, 'type' | 'data'> = {
      type: 'OrderRepricingReverted',
      data: {
        corrects: '00000000-0000-4000-8000-000007000003',
        reason: 'additional_charge_declined',
        repricing: 1,
        lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1300, unitPriceCents: 1250 }],
        previousTotalCents: 4500,
        totalCents: 4400,
      },
    };
    const history = orderHistory('order-7', inWindow, [placedWith(mugs), confirmed, repriced(1250, 1300), reverted]);
    expect(unitPriceRepair.assess(history, params)).toMatchObject({ kind: 'correct', correction: { data: { corrects: history[3]!.eventId } } });
  });

  it('refuses parameters that name no repair, each by its name', () => {
    const problems = (raw: Record<string, unknown>) => unitPriceRepair.params.safeParse(raw).error?.issues.map((issue) => issue.path.join('.'));
    const good = { sku: 'MUG', charged: '1250', price: '1150', from: '2026-11-02T00:00:00Z', until: '2026-11-09T00:00:00Z' };
    expect(problems({ ...good, price: '1250' })).toEqual(['price']);
    expect(problems({ ...good, until: '2026-11-01T00:00:00Z' })).toEqual(['until']);
    expect(problems({ ...good, charged: '12.50' })).toEqual(['charged']);
    expect(problems({ ...good, from: 'last week' })).toEqual(['from']);
    expect(problems({ ...good, sku: undefined })).toEqual(['sku']);
    expect(unitPriceRepair.params.safeParse({ ...good, skus: 'MUG' }).error?.issues[0]?.message).toMatch(/Unrecognized key: "skus"/);
  });
});
