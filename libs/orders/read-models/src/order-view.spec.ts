import type { OrderEvent, PaymentEvent, ShipmentEvent } from '@rewind/contracts';
import { evolveOrderView, type OrderView, type OrderViewEvent } from './order-view';

const at = (minute: number) => `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`;
const meta = (aggregateVersion: number, minute: number) => ({
  eventId: `00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`,
  schemaVersion: 1,
  aggregateId: 'order-1',
  aggregateVersion,
  occurredAt: at(minute),
  commandId: 'c',
  correlationId: 'r',
  causationId: 'c',
});
const address = { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const lines = [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }];

const orders: OrderEvent[] = [
  { ...meta(1, 1), schemaVersion: 2, type: 'OrderPlaced', data: { customerId: 'cus', currency: 'EUR', lines, shippingAddress: address, paymentToken: 'tok_visa', totalCents: 2500 } },
  { ...meta(2, 3), type: 'OrderConfirmed', data: { paymentId: 'order-1', shippingAddress: address } },
  { ...meta(3, 6), type: 'OrderShipped', data: { shipmentId: 'order-1' } },
];
const payments: PaymentEvent[] = [{ ...meta(1, 2), type: 'PaymentAuthorized', data: { orderId: 'order-1', amountCents: 2500, currency: 'EUR', token: 'tok_visa' } }];
const shipments: ShipmentEvent[] = [
  { ...meta(1, 4), type: 'ShipmentScheduled', data: { orderId: 'order-1', address } },
  { ...meta(2, 5), type: 'ShipmentDispatched', data: { orderId: 'order-1', carrier: 'DHL', trackingNumber: 'JD1' } },
];

const foldAll = (events: OrderViewEvent[]) => events.reduce<OrderView | undefined>(evolveOrderView, undefined);

/** Every interleaving of three ordered streams, as a consumer of three topics may see them. */
function* interleavings(streams: OrderViewEvent[][]): Generator<OrderViewEvent[]> {
  const live = streams.filter((stream) => stream.length > 0);
  if (live.length === 0) return yield [];
  for (const [index, stream] of live.entries()) {
    const rest = live.map((s, i) => (i === index ? s.slice(1) : s));
    for (const tail of interleavings(rest)) yield [stream[0]!, ...tail];
  }
}

describe('the order view', () => {
  it('joins the order, its payment and its shipment', () => {
    expect(foldAll([...orders, ...payments, ...shipments])).toEqual({
      orderId: 'order-1',
      status: 'shipped',
      version: 3,
      customerId: 'cus',
      currency: 'EUR',
      lines,
      totalCents: 2500,
      shippingAddress: address,
      placedAt: at(1),
      updatedAt: at(6),
      payment: { id: 'order-1', status: 'authorized', amountCents: 2500 },
      shipment: { id: 'order-1', status: 'dispatched', carrier: 'DHL', trackingNumber: 'JD1' },
    });
  });

  it('is the same whatever order the three topics deliver in', () => {
    const expected = foldAll([...orders, ...payments, ...shipments]);
    let count = 0;
    for (const events of interleavings([orders, payments, shipments])) {
      expect(foldAll(events)).toEqual(expected);
      count += 1;
    }
    expect(count).toBe(60); // 6! / (3! · 1! · 2!)
  });

  describe('an order cancelled while its shipment was dispatched (the cancel won at the order)', () => {
    const cancelledOrders: OrderEvent[] = [...orders.slice(0, 2), { ...meta(3, 6), type: 'OrderCancelled', data: { reason: 'customer_request', refunded: false } }];
    const refunded: PaymentEvent[] = [
      ...payments,
      { ...meta(2, 7), type: 'PaymentRefunded', data: { orderId: 'order-1', amountCents: 2500, currency: 'EUR', reason: 'customer_request' } },
    ];
    const recalled: ShipmentEvent[] = [...shipments, { ...meta(3, 8), type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request', recalled: true } }];

    it('reads cancelled, refunded and recalled, whatever order the three topics deliver in', () => {
      const expected = foldAll([...cancelledOrders, ...refunded, ...recalled]);
      expect(expected).toMatchObject({
        status: 'cancelled',
        cancellationReason: 'customer_request',
        payment: { status: 'refunded', refundReason: 'customer_request' },
        shipment: { id: 'order-1', status: 'cancelled', carrier: 'DHL', trackingNumber: 'JD1', cancellationReason: 'customer_request', recalled: true },
      });
      for (const events of interleavings([cancelledOrders, refunded, recalled])) expect(foldAll(events)).toEqual(expected);
    });
  });

  it('shows a payment that arrives before its order as pending', () => {
    expect(foldAll(payments)).toMatchObject({ status: 'pending', version: 0, payment: { status: 'authorized' } });
  });
});
