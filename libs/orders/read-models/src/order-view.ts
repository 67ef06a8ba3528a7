import type { Address, EventEnvelope, OrderEvent, OrderLine, PaymentEvent, RepricedLine, ShipmentEvent } from '@rewind/contracts';

/** A correction in the order's own log (docs/corrections.md): what it corrected, why, and when. */
export interface OrderCorrection {
  readonly eventId: string;
  readonly type: 'ShippingAddressCorrected' | 'OrderRepriced' | 'OrderRepricingReverted' | 'OrderDeliveryReversed';
  /** The event it corrects. */
  readonly corrects: string;
  readonly reason: string;
  readonly version: number;
  readonly occurredAt: string;
}

/**
 * One order as readers see it, joined with its payment and its shipment. Each part is folded from
 * its own stream only, so the view is the same whatever order the three topics' events arrive in.
 */
export interface OrderView {
  readonly orderId: string;
  /** `pending` until the order's own first event has arrived (a payment event may come first). */
  readonly status: 'pending' | 'placed' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
  /** The order aggregate's version: what `If-Match` takes. */
  readonly version: number;
  readonly customerId?: string;
  readonly currency?: string;
  readonly lines: readonly OrderLine[];
  readonly totalCents?: number;
  readonly shippingAddress?: Address;
  readonly cancellationReason?: string;
  /** Its corrections, oldest first; absent until there is one. */
  readonly corrections?: readonly OrderCorrection[];
  /** Its latest repricing and whether the payment has settled it; absent until there is one. */
  readonly repricing?: { readonly number: number; readonly status: 'pending' | 'settled' | 'reverted' };
  readonly payment?: {
    readonly id: string;
    readonly status: 'authorized' | 'declined' | 'refunded';
    /** What the payment holds, after the repricings it settled. */
    readonly amountCents: number;
    readonly declineReason?: string;
    readonly refundReason?: string;
    /** How the latest repricing was settled against it. */
    readonly lastSettlement?: {
      readonly repricing: number;
      readonly kind: 'partial_refund' | 'additional_charge' | 'additional_charge_declined';
      readonly amountCents: number;
      readonly declineReason?: string;
    };
  };
  readonly shipment?: {
    readonly id: string;
    readonly status: 'scheduled' | 'dispatched' | 'delivered' | 'failed' | 'cancelled';
    readonly carrier?: string;
    readonly trackingNumber?: string;
    readonly failureReason?: string;
    readonly cancellationReason?: string;
    /** Cancelled after the parcel had left: it is called back. */
    readonly recalled?: boolean;
    /** The order's address was corrected after the parcel had left: the carrier is to redirect it. */
    readonly redirected?: boolean;
    /** Deliveries reversed as recorded by mistake. */
    readonly deliveriesReversed?: number;
  };
  readonly placedAt?: string;
  /** The latest `occurredAt` of any event folded in. */
  readonly updatedAt: string;
}

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
