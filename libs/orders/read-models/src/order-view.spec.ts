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

  describe('an order corrected: its address before dispatch, a line repriced down and refunded', () => {
    const corrects = meta(1, 1).eventId;
    const corrected = { ...address, line1: 'Street 2' };
    const reason = 'typo, ticket 4711';
    const operator = { kind: 'person', subject: 'op_7', role: 'operator' } as const;
    const correctedOrders: OrderEvent[] = [
      ...orders.slice(0, 2),
      { ...meta(3, 4), actor: operator, type: 'ShippingAddressCorrected', data: { corrects, reason, address: corrected, previousAddress: address } },
      {
        ...meta(4, 6),
        type: 'OrderRepriced',
        data: { corrects, reason: 'MUG is 11.50', repricing: 1, lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1250, unitPriceCents: 1150 }], previousTotalCents: 2500, totalCents: 2300 },
      },
      { ...meta(5, 8), type: 'OrderRepricingSettled', data: { correction: meta(4, 6).eventId, repricing: 1, settlement: 'refunded', amountCents: 200 } },
    ];
    const settledPayments: PaymentEvent[] = [
      ...payments,
      {
        ...meta(2, 7),
        type: 'PaymentPartiallyRefunded',
        data: { correction: meta(4, 6).eventId, orderId: 'order-1', repricing: 1, amountCents: 200, totalCents: 2300, currency: 'EUR', reason: 'MUG is 11.50' },
      },
    ];
    const redirected: ShipmentEvent[] = [
      shipments[0]!,
      { ...meta(2, 5), type: 'ShipmentAddressCorrected', data: { correction: meta(3, 4).eventId, orderId: 'order-1', address: corrected, previousAddress: address, reason, redirected: false } },
    ];

    it('reads the corrected address, the new prices, the settled repricing and what the payment holds, whatever order the three topics deliver in', () => {
      const expected = foldAll([...correctedOrders, ...settledPayments, ...redirected]);
      expect(expected).toMatchObject({
        status: 'confirmed',
        version: 5,
        shippingAddress: corrected,
        lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1150 }],
        totalCents: 2300,
        repricing: { number: 1, status: 'settled' },
        corrections: [
          // who made each: the operator's is recorded; the repricing is an event from before identities, with none
          { eventId: meta(3, 4).eventId, type: 'ShippingAddressCorrected', corrects, reason, version: 3, occurredAt: at(4), actor: operator },
          { eventId: meta(4, 6).eventId, type: 'OrderRepriced', corrects, reason: 'MUG is 11.50', version: 4, occurredAt: at(6) },
        ],
        payment: { status: 'authorized', amountCents: 2300, lastSettlement: { repricing: 1, kind: 'partial_refund', amountCents: 200 } },
        shipment: { status: 'scheduled' },
      });
      let count = 0;
      for (const events of interleavings([correctedOrders, settledPayments, redirected])) {
        expect(foldAll(events)).toEqual(expected);
        count += 1;
      }
      expect(count).toBe(756); // 9! / (5! · 2! · 2!)
    });

    it('goes back to the prices and total the payment holds when the additional charge is declined', () => {
      const up = { line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1250, unitPriceCents: 1300 };
      const reverted = foldAll([
        ...orders.slice(0, 2),
        ...payments,
        { ...meta(3, 4), type: 'OrderRepriced', data: { corrects, reason: 'MUG is 13.00', repricing: 1, lines: [up], previousTotalCents: 2500, totalCents: 2600 } },
        {
          ...meta(2, 5),
          type: 'AdditionalChargeDeclined',
          data: { correction: meta(3, 4).eventId, orderId: 'order-1', repricing: 1, amountCents: 100, totalCents: 2500, currency: 'EUR', reason: 'card_declined' },
        },
        {
          ...meta(4, 6),
          type: 'OrderRepricingReverted',
          data: {
            corrects: meta(3, 4).eventId,
            reason: 'additional_charge_declined',
            repricing: 1,
            lines: [{ ...up, previousUnitPriceCents: 1300, unitPriceCents: 1250 }],
            previousTotalCents: 2600,
            totalCents: 2500,
          },
        },
      ]);
      expect(reverted).toMatchObject({
        status: 'confirmed',
        lines,
        totalCents: 2500,
        repricing: { number: 1, status: 'reverted' },
        corrections: [{ type: 'OrderRepriced' }, { type: 'OrderRepricingReverted', corrects: meta(3, 4).eventId, reason: 'additional_charge_declined' }],
        payment: { status: 'authorized', amountCents: 2500, lastSettlement: { kind: 'additional_charge_declined', amountCents: 100, declineReason: 'card_declined' } },
      });
    });

    it('takes a delivery reversed by mistake back to shipped and dispatched', () => {
      const delivered = foldAll([
        ...orders,
        ...payments,
        ...shipments,
        { ...meta(3, 7), type: 'ShipmentDelivered', data: { orderId: 'order-1' } },
        { ...meta(4, 8), type: 'OrderDelivered', data: { shipmentId: 'order-1' } },
        { ...meta(4, 9), type: 'ShipmentDeliveryReversed', data: { orderId: 'order-1', corrects: meta(3, 7).eventId, reason: 'wrong scan' } },
        { ...meta(5, 10), type: 'OrderDeliveryReversed', data: { corrects: meta(4, 8).eventId, reason: 'wrong scan', shipmentId: 'order-1' } },
      ]);
      expect(delivered).toMatchObject({
        status: 'shipped',
        version: 5,
        corrections: [{ type: 'OrderDeliveryReversed', corrects: meta(4, 8).eventId }],
        shipment: { status: 'dispatched', deliveriesReversed: 1 },
      });
    });
  });

  it('shows a payment that arrives before its order as pending', () => {
    expect(foldAll(payments)).toMatchObject({ status: 'pending', version: 0, payment: { status: 'authorized' } });
  });
});
