import type { Address, EventEnvelope, OrderEvent, OrderLine, PaymentEvent, ShipmentEvent } from '@rewind/contracts';

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
  readonly payment?: {
    readonly id: string;
    readonly status: 'authorized' | 'declined' | 'refunded';
    readonly amountCents: number;
    readonly declineReason?: string;
    readonly refundReason?: string;
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
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Within one stream events arrive in order, so each order event carries the latest status. */
function orderStep(view: OrderView, event: EventEnvelope, status: OrderView['status']): OrderView {
  return { ...view, status, version: Math.max(view.version, event.aggregateVersion) };
}
