import { unitPriceRepair } from './catalog/unit-price.repair';
import { commandIdOf, parsePlan, PlanBuilder, type RepairPlan } from './plan';
import type { Repair } from './repair';
import { cancelled, confirmed, orderHistory, placedWith } from './testing/histories';

const rawParams = { sku: 'MUG', charged: '1250', price: '1150', from: '2026-11-02T00:00:00Z', until: '2026-11-09T00:00:00Z' };
const planId = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const inWindow = '2026-11-05T12:00:00.000Z';

function plan(): RepairPlan {
  const builder = new PlanBuilder(unitPriceRepair as unknown as Repair, unitPriceRepair.params.parse(rawParams), {
    planId,
    createdAt: '2026-11-20T09:00:00.000Z',
    topic: 'orders.events',
    rawParams,
  });
  builder.add('order-b', orderHistory('order-2', inWindow, [placedWith([{ sku: 'MUG', quantity: 3, unitPriceCents: 1250 }]), confirmed]));
  builder.add('order-a', orderHistory('order-1', inWindow, [placedWith([{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }])]));
  builder.add('order-c', orderHistory('order-3', inWindow, [placedWith([{ sku: 'BEANS', quantity: 1, unitPriceCents: 1900 }])]));
  builder.add('order-d', orderHistory('order-4', inWindow, [placedWith([{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }], 'USD'), confirmed, cancelled]));
  builder.add('order-e', orderHistory('order-5', inWindow, [placedWith([{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }], 'USD')]));
  builder.skip('order-f', 'offset 0@7: unknown event type "OrderTeleported"');
  return builder.finish({ records: 12, endOffsets: [{ partition: 0, offset: '14' }] });
}

describe('a repair plan', () => {
  it('lists every aggregate to correct with the version it saw and a command id derived from the plan, and the totals', () => {
    const made = plan();
    expect(made.entries.map((entry) => [entry.aggregateId, entry.version, entry.commandId, entry.money])).toEqual([
      ['order-a', 1, `repair/${planId}/order-a`, { currency: 'EUR', cents: -100 }],
      ['order-b', 2, `repair/${planId}/order-b`, { currency: 'EUR', cents: -300 }],
      ['order-e', 1, `repair/${planId}/order-e`, { currency: 'USD', cents: -100 }],
    ]);
    expect(made.left).toEqual([{ aggregateId: 'order-d', version: 3, holds: expect.objectContaining({ status: 'cancelled' }), reason: expect.stringContaining('cancelled') }]);
    expect(made.unreadable).toEqual([{ aggregateId: 'order-f', reason: expect.stringContaining('OrderTeleported') }]);
    expect(made.totals).toEqual({
      corrections: 3,
      left: 1,
      unreadable: 1,
      money: [
        { currency: 'EUR', refundCents: 400, chargeCents: 0 },
        { currency: 'USD', refundCents: 100, chargeCents: 0 },
      ],
    });
    expect(made.read).toEqual({ records: 12, aggregates: 6, endOffsets: [{ partition: 0, offset: '14' }] });
    expect(made).toMatchObject({ repair: 'unit-price', stream: 'orders', params: rawParams, planId });
  });

  it('reads back as it was written', () => {
    const made = plan();
    expect(parsePlan(JSON.parse(JSON.stringify(made)))).toEqual(made);
  });

  it('refuses a plan file that is not a plan, or was edited into one that would send what no plan made', () => {
    const made = JSON.parse(JSON.stringify(plan())) as Omit<RepairPlan, 'entries'> & { entries: { commandId: string; correction: { type: string; data: { lines: { unitPriceCents: number }[] } } }[] };
    expect(() => parsePlan({ ...made, format: 'something else' })).toThrow(/^format: expected a repair plan/);
    const stolen = structuredClone(made);
    stolen.entries[0]!.commandId = commandIdOf('7f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', 'order-a');
    expect(() => parsePlan(stolen)).toThrow(/^entries\.0\.commandId: expected repair\//);
    const negative = structuredClone(made);
    negative.entries[1]!.correction.data.lines[0]!.unitPriceCents = -1;
    expect(() => parsePlan(negative)).toThrow(/^entries\.1\.correction: data\.lines\[0\]\.unitPriceCents/);
    const cancel = structuredClone(made);
    cancel.entries[2]!.correction.type = 'CancelOrder';
    expect(() => parsePlan(cancel)).toThrow(/^entries\.2\.correction\.type: CancelOrder is not a correction/);
  });
});
