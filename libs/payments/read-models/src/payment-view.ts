import { amountCentsSchema, idSchema, type PaymentEvent } from '@rewind/contracts';
import { z } from 'zod';

const instantSchema = z.string().meta({ format: 'date-time' });

/** How a repricing of the order was settled against the payment (docs/corrections.md). */
export const paymentSettlementSchema = z.object({
  repricing: z.int().min(1),
  kind: z.enum(['partial_refund', 'additional_charge', 'additional_charge_declined']),
  amountCents: amountCentsSchema.describe('What moved (or, declined, what the card refused)'),
  correction: idSchema.describe('The `OrderRepriced` it settles'),
  declineReason: z.string().optional(),
  occurredAt: instantSchema,
});
export type PaymentSettlement = z.infer<typeof paymentSettlementSchema>;

/** One payment as readers see it (its id is its order's id). The schema is the type, and the query API's answer. */
export const paymentViewSchema = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  status: z.enum(['authorized', 'declined', 'refunded']),
  amountCents: amountCentsSchema.describe('What it holds (or, refunded, what went back): moved by each settled repricing'),
  currency: z.string(),
  declineReason: z.string().optional(),
  refundReason: z.string().optional(),
  settlements: z.array(paymentSettlementSchema).optional().describe('The repricings of its order settled against it, oldest first; absent until there is one'),
  version: z.int().min(1),
  updatedAt: instantSchema,
});
export type PaymentView = z.infer<typeof paymentViewSchema>;

/** Pure: the view after one more event of the payment's own stream. */
export function evolvePaymentView(current: PaymentView | undefined, event: PaymentEvent): PaymentView {
  const common = {
    paymentId: event.aggregateId,
    orderId: event.data.orderId,
    amountCents: event.data.amountCents,
    currency: event.data.currency,
    version: event.aggregateVersion,
    updatedAt: event.occurredAt,
  };
  switch (event.type) {
    case 'PaymentAuthorized':
      return { ...common, status: 'authorized' };
    case 'PaymentDeclined':
      return { ...common, status: 'declined', declineReason: event.data.reason };
    case 'PaymentRefunded':
      return { ...current, ...common, status: 'refunded', refundReason: event.data.reason };
    case 'PaymentPartiallyRefunded':
      return settled(current, event, common, { kind: 'partial_refund' });
    case 'AdditionalChargeAuthorized':
      return settled(current, event, common, { kind: 'additional_charge' });
    case 'AdditionalChargeDeclined':
      return settled(current, event, common, { kind: 'additional_charge_declined', declineReason: event.data.reason });
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

type SettlementEvent = Extract<PaymentEvent, { type: 'PaymentPartiallyRefunded' | 'AdditionalChargeAuthorized' | 'AdditionalChargeDeclined' }>;

/** A settlement leaves the payment authorised, holding its new total. */
function settled(
  current: PaymentView | undefined,
  event: SettlementEvent,
  common: Omit<PaymentView, 'status'>,
  how: Pick<PaymentSettlement, 'kind' | 'declineReason'>,
): PaymentView {
  const { repricing, amountCents, correction, totalCents } = event.data;
  const settlement: PaymentSettlement = { repricing, amountCents, correction, ...how, occurredAt: event.occurredAt };
  return { ...current, ...common, status: current?.status ?? 'authorized', amountCents: totalCents, settlements: [...(current?.settlements ?? []), settlement] };
}
