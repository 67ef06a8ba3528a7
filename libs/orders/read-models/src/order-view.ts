import { actorSchema, addressSchema, amountCentsSchema, idSchema, orderLineSchema } from '@rewind/contracts';
import type { EventEnvelope, OrderEvent, OrderLine, PaymentEvent, RepricedLine, ShipmentEvent } from '@rewind/contracts';
import { z } from 'zod';

/** An instant as the events carry it (ISO 8601). */
const instantSchema = z.string().meta({ format: 'date-time' });

/** A correction in the order's own log (docs/corrections.md): what it corrected, why, when, and who made it. */
export const orderCorrectionSchema = z.object({
  eventId: idSchema,
  type: z.enum(['ShippingAddressCorrected', 'OrderRepriced', 'OrderRepricingReverted', 'OrderDeliveryReversed']),
  corrects: idSchema.describe('The event it corrects'),
  reason: z.string(),
  version: z.int().min(1),
  occurredAt: instantSchema,
  actor: actorSchema.optional().describe('Who made it: an operator, an admin applying a repair plan, the repair CLI, or a service reacting; absent before identities'),
});
export type OrderCorrection = z.infer<typeof orderCorrectionSchema>;

const paymentStatusSchema = z.enum(['authorized', 'declined', 'refunded']);
const shipmentStatusSchema = z.enum(['scheduled', 'dispatched', 'delivered', 'failed', 'cancelled']);

/**
 * One order as readers see it, joined with its payment and its shipment. Each part is folded from
 * its own stream only, so the view is the same whatever order the three topics' events arrive in.
 * The schema is the type (and what the query API's OpenAPI document says it answers).
 */
export const orderViewSchema = z.object({
  orderId: z.string(),
  status: z
    .enum(['pending', 'placed', 'confirmed', 'shipped', 'delivered', 'cancelled'])
    .describe("`pending` until the order's own first event has arrived (a payment or shipment event may come first)"),
  version: z.int().min(0).describe("The order aggregate's version: what `If-Match` takes (0 while pending)"),
  customerId: z.string().optional(),
  currency: z.string().optional(),
  lines: z.array(orderLineSchema),
  totalCents: amountCentsSchema.optional(),
  shippingAddress: addressSchema.optional(),
  cancellationReason: z.string().optional(),
  corrections: z.array(orderCorrectionSchema).optional().describe('Its corrections, oldest first; absent until there is one'),
  repricing: z
    .object({ number: z.int().min(1), status: z.enum(['pending', 'settled', 'reverted']) })
    .optional()
    .describe('Its latest repricing and whether the payment has settled it; absent until there is one'),
  payment: z
    .object({
      id: z.string(),
      status: paymentStatusSchema,
      amountCents: amountCentsSchema.describe('What the payment holds, after the repricings it settled'),
      declineReason: z.string().optional(),
      refundReason: z.string().optional(),
      lastSettlement: z
        .object({
          repricing: z.int().min(1),
          kind: z.enum(['partial_refund', 'additional_charge', 'additional_charge_declined']),
          amountCents: amountCentsSchema,
          declineReason: z.string().optional(),
        })
        .optional()
        .describe('How the latest repricing was settled against it'),
    })
    .optional(),
  shipment: z
    .object({
      id: z.string(),
      status: shipmentStatusSchema,
      carrier: z.string().optional(),
      trackingNumber: z.string().optional(),
      failureReason: z.string().optional(),
      cancellationReason: z.string().optional(),
      recalled: z.boolean().optional().describe('Cancelled after the parcel had left: it is called back'),
      redirected: z.boolean().optional().describe("The order's address was corrected after the parcel had left: the carrier is to redirect it"),
      deliveriesReversed: z.int().min(1).optional().describe('Deliveries reversed as recorded by mistake'),
    })
    .optional(),
  placedAt: instantSchema.optional(),
  updatedAt: instantSchema.describe('The latest `occurredAt` of any event folded in'),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export type OrderViewEvent = OrderEvent | PaymentEvent | ShipmentEvent;

/** Which order an event of any of the three streams is about. */
export function orderIdOf(event: OrderViewEvent): string {
  return 'orderId' in event.data ? event.data.orderId : event.aggregateId;
}

export function emptyOrderView(orderId: string): OrderView {
  return { orderId, status: 'pending', version: 0, lines: [], updatedAt: '' };
}

/** Pure: the view after one more event. */
export function evolveOrderView(current: OrderView | undefined, event: OrderViewEvent): OrderView {
  const base = current ?? emptyOrderView(orderIdOf(event));
  const view = { ...base, updatedAt: event.occurredAt > base.updatedAt ? event.occurredAt : base.updatedAt };
  switch (event.type) {
    case 'OrderPlaced':
      return {
        ...view,
        status: 'placed',
        version: Math.max(base.version, event.aggregateVersion),
        customerId: event.data.customerId,
        currency: event.data.currency,
        lines: event.data.lines,
        totalCents: event.data.totalCents,
        shippingAddress: event.data.shippingAddress,
        placedAt: event.occurredAt,
      };
    case 'OrderConfirmed':
      return orderStep(view, event, 'confirmed');
    case 'OrderShipped':
      return orderStep(view, event, 'shipped');
    case 'OrderDelivered':
      return orderStep(view, event, 'delivered');
    case 'OrderCancelled':
      return { ...orderStep(view, event, 'cancelled'), cancellationReason: event.data.reason };
    case 'PaymentAuthorized':
      return { ...view, payment: { id: event.aggregateId, status: 'authorized', amountCents: event.data.amountCents } };
    case 'PaymentDeclined':
      return { ...view, payment: { id: event.aggregateId, status: 'declined', amountCents: event.data.amountCents, declineReason: event.data.reason } };
    case 'PaymentRefunded':
      return { ...view, payment: { ...base.payment, id: event.aggregateId, status: 'refunded', amountCents: event.data.amountCents, refundReason: event.data.reason } };
    case 'ShipmentScheduled':
      return { ...view, shipment: { id: event.aggregateId, status: 'scheduled' } };
    case 'ShipmentDispatched':
      return { ...view, shipment: { ...base.shipment, id: event.aggregateId, status: 'dispatched', carrier: event.data.carrier, trackingNumber: event.data.trackingNumber } };
    case 'ShipmentDelivered':
      return { ...view, shipment: { ...base.shipment, id: event.aggregateId, status: 'delivered' } };
    case 'ShipmentFailed':
      return { ...view, shipment: { ...base.shipment, id: event.aggregateId, status: 'failed', failureReason: event.data.reason } };
    case 'ShipmentCancelled':
      return {
        ...view,
        shipment: { ...base.shipment, id: event.aggregateId, status: 'cancelled', cancellationReason: event.data.reason, recalled: event.data.recalled },
      };
    case 'ShippingAddressCorrected':
      return { ...corrected(view, event), shippingAddress: event.data.address };
    case 'OrderRepriced': {
      const { repricing: number, previousTotalCents, totalCents } = event.data;
      // a repricing that keeps the total has nothing for the payment to settle
      const status = totalCents === previousTotalCents ? 'settled' : 'pending';
      return { ...corrected(view, event), lines: withPrices(view.lines, event.data.lines), totalCents, repricing: { number, status } };
    }
    case 'OrderRepricingSettled':
      return { ...orderStep(view, event, view.status), repricing: { number: event.data.repricing, status: 'settled' } };
    case 'OrderRepricingReverted':
      return {
        ...corrected(view, event),
        lines: withPrices(view.lines, event.data.lines),
        totalCents: event.data.totalCents,
        repricing: { number: event.data.repricing, status: 'reverted' },
      };
    case 'OrderDeliveryReversed':
      return { ...corrected(view, event), status: 'shipped' };
    case 'PaymentPartiallyRefunded':
      return settled(view, base, event, { kind: 'partial_refund' });
    case 'AdditionalChargeAuthorized':
      return settled(view, base, event, { kind: 'additional_charge' });
    case 'AdditionalChargeDeclined':
      return settled(view, base, event, { kind: 'additional_charge_declined', declineReason: event.data.reason });
    case 'ShipmentAddressCorrected':
      return {
        ...view,
        shipment: { ...base.shipment, id: event.aggregateId, status: base.shipment?.status ?? 'scheduled', ...(event.data.redirected ? { redirected: true } : {}) },
      };
    case 'ShipmentDeliveryReversed':
      return {
        ...view,
        shipment: { ...base.shipment, id: event.aggregateId, status: 'dispatched', deliveriesReversed: (base.shipment?.deliveriesReversed ?? 0) + 1 },
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

type CorrectionEvent = Extract<OrderEvent, { type: OrderCorrection['type'] }>;

/** The view with one more correction of the order's own log listed. */
function corrected(view: OrderView, event: CorrectionEvent): OrderView {
  const correction: OrderCorrection = {
    eventId: event.eventId,
    type: event.type,
    corrects: event.data.corrects,
    reason: event.data.reason,
    version: event.aggregateVersion,
    occurredAt: event.occurredAt,
    ...(event.actor === undefined ? {} : { actor: event.actor }),
  };
  return { ...orderStep(view, event, view.status), corrections: [...(view.corrections ?? []), correction] };
}

type SettlementEvent = Extract<PaymentEvent, { type: 'PaymentPartiallyRefunded' | 'AdditionalChargeAuthorized' | 'AdditionalChargeDeclined' }>;

/** A settlement leaves the payment authorised, holding its new total. */
function settled(view: OrderView, base: OrderView, event: SettlementEvent, how: { kind: 'partial_refund' | 'additional_charge' | 'additional_charge_declined'; declineReason?: string }): OrderView {
  const { repricing, amountCents, totalCents } = event.data;
  return {
    ...view,
    payment: { ...base.payment, id: event.aggregateId, status: base.payment?.status ?? 'authorized', amountCents: totalCents, lastSettlement: { repricing, amountCents, ...how } },
  };
}

/** The lines with the repriced ones at their new prices. */
function withPrices(lines: readonly OrderLine[], repriced: readonly RepricedLine[]): OrderLine[] {
  const prices = new Map(repriced.map(({ line, unitPriceCents }) => [line, unitPriceCents]));
  return lines.map((line, index) => {
    const price = prices.get(index);
    return price === undefined ? line : { ...line, unitPriceCents: price };
  });
}

/** Within one stream events arrive in order, so each order event carries the latest status. */
function orderStep(view: OrderView, event: EventEnvelope, status: OrderView['status']): OrderView {
  return { ...view, status, version: Math.max(view.version, event.aggregateVersion) };
}
