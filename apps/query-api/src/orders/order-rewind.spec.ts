import { REDACTED, type EventEnvelope } from '@rewind/contracts';
import { evolveOrderTimeline, type OrderTimeline } from '@rewind/orders-read-models';
import { rewindOrder } from './order-rewind';

const at = (time: string) => `2026-11-27T${time}.000Z`;
const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const lines = [
  { sku: 'MUG-ESPRESSO', quantity: 2, unitPriceCents: 1250 },
  { sku: 'BEANS-1KG', quantity: 1, unitPriceCents: 1900 },
];
const details = { customerId: 'cus_1', currency: 'EUR', lines, shippingAddress: address, paymentToken: 'tok_visa', totalCents: 4400 };
// the timeline keeps no payment token: the state it rewinds to shows it redacted
const rewoundDetails = { ...details, paymentToken: REDACTED };
// OrderPlaced (schema version 2) carries every detail the aggregate keeps
const placedData = details;

let serial = 0;
const event = (stream: string, type: string, version: number, time: string, data: object) => ({
  stream,
  event: {
    eventId: `00000000-0000-4000-8000-${String((serial += 1)).padStart(12, '0')}`,
    type,
    schemaVersion: type === 'OrderPlaced' ? 2 : 1,
    aggregateId: 'order-1',
    aggregateVersion: version,
    occurredAt: at(time),
    commandId: `cmd-${type}`,
    correlationId: 'req-1',
    causationId: 'cmd',
    data,
  } satisfies EventEnvelope,
});
const timelineOf = (events: ReturnType<typeof event>[]): OrderTimeline =>
  events.reduce<OrderTimeline | undefined>((timeline, { event, stream }) => evolveOrderTimeline(timeline, event, stream), undefined)!;

// a delivered order, as the timeline holds it: its own events among its payment's and shipment's
const delivered = timelineOf([
  event('orders', 'OrderPlaced', 1, '10:01:00', placedData),
  event('payments', 'PaymentAuthorized', 1, '10:02:00', { orderId: 'order-1', amountCents: 4400, currency: 'EUR', token: 'tok_visa' }),
  event('orders', 'OrderConfirmed', 2, '10:03:00', { paymentId: 'order-1', shippingAddress: address }),
  event('shipments', 'ShipmentScheduled', 1, '10:04:00', { orderId: 'order-1', address }),
  event('shipments', 'ShipmentDispatched', 2, '10:05:00', { orderId: 'order-1', carrier: 'DHL', trackingNumber: 'JD1' }),
  event('orders', 'OrderShipped', 3, '10:06:00', { shipmentId: 'order-1' }),
  event('shipments', 'ShipmentDelivered', 3, '10:07:00', { orderId: 'order-1' }),
  event('orders', 'OrderDelivered', 4, '10:08:00', { shipmentId: 'order-1' }),
]);

describe('rewinding an order', () => {
  it('names the corrections folded in, and those made later of what it folded', () => {
    const placed = event('orders', 'OrderPlaced', 1, '10:01:00', placedData);
    const corrected = { ...address, line1: 'Invalidenstraße 171' };
    const correction = event('orders', 'ShippingAddressCorrected', 3, '10:04:00', { corrects: placed.event.eventId, reason: 'typo', address: corrected, previousAddress: address });
    const timeline = timelineOf([placed, event('orders', 'OrderConfirmed', 2, '10:03:00', { paymentId: 'order-1', shippingAddress: address }), correction]);
    const mark = { eventId: correction.event.eventId, type: 'ShippingAddressCorrected', version: 3, occurredAt: at('10:04:00'), corrects: placed.event.eventId, reason: 'typo' };

    expect(rewindOrder(timeline, { version: 2 })).toMatchObject({ state: { shippingAddress: address }, correctedLater: [mark] });
    expect(rewindOrder(timeline, { version: 2 })).not.toHaveProperty('corrections');
    expect(rewindOrder(timeline, { version: 3 })).toMatchObject({ state: { shippingAddress: corrected }, corrections: [mark] });
    expect(rewindOrder(timeline, { version: 3 })).not.toHaveProperty('correctedLater');
  });

  it('folds its own events up to a version, with the write side’s evolve', () => {
    expect(rewindOrder(delivered, { version: 1 })).toEqual({ kind: 'rewound', orderId: 'order-1', version: 1, occurredAt: at('10:01:00'), state: { status: 'placed', ...rewoundDetails } });
    expect(rewindOrder(delivered, { version: 2 })).toEqual({
      kind: 'rewound',
      orderId: 'order-1',
      version: 2,
      occurredAt: at('10:03:00'),
      state: { status: 'confirmed', ...rewoundDetails, paymentId: 'order-1' },
    });
    expect(rewindOrder(delivered, { version: 4 })).toMatchObject({ version: 4, state: { status: 'delivered', paymentId: 'order-1', shipmentId: 'order-1' } });
  });

  it('folds the events that had occurred by an instant, the instant itself included', () => {
    expect(rewindOrder(delivered, { at: new Date(at('10:05:30')) })).toMatchObject({ version: 2, occurredAt: at('10:03:00'), state: { status: 'confirmed' } });
    expect(rewindOrder(delivered, { at: new Date(at('10:06:00')) })).toMatchObject({ version: 3, state: { status: 'shipped', shipmentId: 'order-1' } });
    expect(rewindOrder(delivered, { at: new Date('2026-11-27T11:06:00+01:00') })).toMatchObject({ version: 3 });
    expect(rewindOrder(delivered, { at: new Date('2030-01-01T00:00:00Z') })).toMatchObject({ version: 4, state: { status: 'delivered' } });
  });

  it('says when the point is outside the order’s history', () => {
    const history = { first: { version: 1, occurredAt: at('10:01:00') }, last: { version: 4, occurredAt: at('10:08:00') } };
    expect(rewindOrder(delivered, { version: 5 })).toEqual({ kind: 'beyond-last', ...history });
    expect(rewindOrder(delivered, { at: new Date(at('10:00:59')) })).toEqual({ kind: 'before-first', ...history });
  });

  it('finds no order in a timeline that holds only its payment so far', () => {
    const paymentOnly = timelineOf([event('payments', 'PaymentDeclined', 1, '10:02:00', { orderId: 'order-1', amountCents: 4400, currency: 'EUR', reason: 'card_declined' })]);
    expect(rewindOrder(paymentOnly, { version: 1 })).toEqual({ kind: 'no-order' });
    expect(rewindOrder(paymentOnly, { at: new Date(at('10:03:00')) })).toEqual({ kind: 'no-order' });
  });

  it('follows a cancelled order to its end', () => {
    const cancelled = timelineOf([
      event('orders', 'OrderPlaced', 1, '10:01:00', placedData),
      event('payments', 'PaymentDeclined', 1, '10:02:00', { orderId: 'order-1', amountCents: 4400, currency: 'EUR', reason: 'card_declined' }),
      event('orders', 'OrderCancelled', 2, '10:03:00', { reason: 'payment_declined', refunded: false }),
    ]);
    expect(rewindOrder(cancelled, { version: 2 })).toMatchObject({ version: 2, state: { status: 'cancelled', ...rewoundDetails, reason: 'payment_declined', refunded: false } });
  });

  it('stops at the first event after the instant, so that the state is always that of a version, even across skewed clocks', () => {
    // version 3 was appended by an instance whose clock ran behind
    const skewed = timelineOf([
      event('orders', 'OrderPlaced', 1, '10:01:00', placedData),
      event('orders', 'OrderConfirmed', 2, '10:03:00', { paymentId: 'order-1', shippingAddress: address }),
      event('orders', 'OrderShipped', 3, '10:02:30', { shipmentId: 'order-1' }),
    ]);
    expect(rewindOrder(skewed, { at: new Date(at('10:02:45')) })).toMatchObject({ version: 1, state: { status: 'placed' } });
    expect(rewindOrder(skewed, { at: new Date(at('10:03:00')) })).toMatchObject({ version: 3, state: { status: 'shipped' } });
  });
});
