import { fold } from '@rewind/decider';
import { orderDecider } from '@rewind/orders-domain';
import { z } from 'zod';
import { pricesSetBy } from '../history';
import type { Repair } from '../repair';

const instant = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 instant, such as 2026-11-02T00:00:00Z' });
const cents = z.coerce.number().int().min(0);

// strict: a parameter it does not know is a typo, not something to ignore
const params = z
  .strictObject({
    sku: z.string().min(1).max(64).describe('the SKU the bug priced wrong'),
    charged: cents.describe('the unit price the orders were placed with, wrongly, in minor units'),
    price: cents.describe('the unit price they should have had, in minor units'),
    from: instant.describe('orders placed at or after this instant…'),
    until: instant.describe('…and before this one'),
    reason: z.string().min(1).max(500).optional().describe('the reason each correction gives; by default one naming the repair and the prices'),
  })
  .refine((p) => p.charged !== p.price, { message: 'charged and price are the same: there is nothing to repair', path: ['price'] })
  // an instant that is not one is said by its own check, not again here
  .refine((p) => !(Date.parse(p.from) >= Date.parse(p.until)), { message: 'until must come after from', path: ['until'] });

/**
 * Orders of one SKU placed between two instants were priced `charged` instead of `price` (a
 * price-list bug, say). Each such order still open gets its lines repriced; its payment then
 * refunds the difference, or charges it. Orders cancelled since, and lines repriced since by
 * someone else, are listed and left as they are.
 */
export const unitPriceRepair: Repair<'orders', z.output<typeof params>> = {
  name: 'unit-price',
  summary: 'orders of a SKU placed between two instants were priced `charged` instead of `price`: reprice their lines',
  stream: 'orders',
  params,

  assess(history, { sku, charged, price, from, until, reason }) {
    const placed = history[0];
    if (placed?.type !== 'OrderPlaced') return undefined;
    const at = Date.parse(placed.occurredAt);
    if (at < Date.parse(from) || at >= Date.parse(until)) return undefined;
    const touched = placed.data.lines.flatMap((line, index) => (line.sku === sku && line.unitPriceCents === charged ? [index] : []));
    if (touched.length === 0) return undefined;

    const state = fold(orderDecider, history);
    if (state.status === 'none') return undefined;
    const { status, currency, totalCents } = state;
    const holds = { status, currency, totalCents, lines: touched.map((index) => ({ line: index, ...state.lines[index] })) };
    if (state.status === 'cancelled') return { kind: 'leave', holds, reason: `cancelled (${state.reason}): its payment was refunded in full, or never taken` };
    if (state.repricing?.status === 'pending') {
      return { kind: 'leave', holds, reason: `repricing ${state.repricing.number} waits for its payment to settle: plan again once it has` };
    }
    const lines = touched.filter((index) => state.lines[index]?.unitPriceCents === charged);
    if (lines.length === 0) return { kind: 'leave', holds, reason: 'repriced since: no line of it is at the wrong price any more' };

    const corrects = pricesSetBy(history, lines);
    if (!corrects) return undefined;
    const quantity = lines.reduce((sum, index) => sum + (state.lines[index]?.quantity ?? 0), 0);
    const moved = quantity * (price - charged);
    return {
      kind: 'correct',
      correction: {
        type: 'RepriceOrderLines',
        data: {
          corrects: corrects.eventId,
          reason: reason ?? `repair unit-price: ${sku} was priced ${charged} instead of ${price}`,
          lines: lines.map((line) => ({ line, sku, unitPriceCents: price })),
        },
      },
      holds,
      money: { currency, cents: moved },
      note: `${quantity} × ${sku} ${charged} → ${price}: ${Math.abs(moved)} ${currency} minor units ${moved < 0 ? 'back to the customer' : 'more to charge'}`,
    };
  },
};
