import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orderEvents, type OrderLine } from '@rewind/contracts';
import { fold } from '@rewind/decider';
import { given } from '@rewind/decider/testing';
import { orderDecider, type OrderDomainCommand, type OrderDomainEvent, type OrderState } from './order.decider';

const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const lines: OrderLine[] = [
  { sku: 'MUG', quantity: 2, unitPriceCents: 1250 },
  { sku: 'STICKER', quantity: 3, unitPriceCents: 7 },
];
const order = { customerId: 'cus_1', currency: 'EUR', lines, shippingAddress: address, paymentToken: 'tok_visa' };

const meta = { aggregateId: 'order-1', commandId: 'cmd-1', issuedAt: '2026-01-02T03:04:05.000Z' };
const place = (data: Partial<typeof order> = {}): OrderDomainCommand => ({ ...meta, type: 'PlaceOrder', data: { ...order, ...data } });
const confirm = (paymentId = 'order-1'): OrderDomainCommand => ({ ...meta, type: 'ConfirmOrder', data: { paymentId } });
const cancel = (reason = 'customer_request'): OrderDomainCommand => ({ ...meta, type: 'CancelOrder', data: { reason } });
const ship = (shipmentId = 'shp-1'): OrderDomainCommand => ({ ...meta, type: 'MarkOrderShipped', data: { shipmentId } });
const deliver = (shipmentId = 'shp-1'): OrderDomainCommand => ({ ...meta, type: 'MarkOrderDelivered', data: { shipmentId } });

const placed: OrderDomainEvent = { type: 'OrderPlaced', data: { ...order, totalCents: 2521 } };
const confirmed = (paymentId = 'order-1'): OrderDomainEvent => ({ type: 'OrderConfirmed', data: { paymentId, shippingAddress: address } });
const cancelled = (reason = 'customer_request'): OrderDomainEvent => ({ type: 'OrderCancelled', data: { reason, refunded: false } });
const shipped = (shipmentId = 'shp-1'): OrderDomainEvent => ({ type: 'OrderShipped', data: { shipmentId } });
const delivered = (shipmentId = 'shp-1'): OrderDomainEvent => ({ type: 'OrderDelivered', data: { shipmentId } });

const histories = {
  none: [],
  placed: [placed],
  confirmed: [placed, confirmed()],
  shipped: [placed, confirmed(), shipped()],
  delivered: [placed, confirmed(), shipped(), delivered()],
  cancelled: [placed, cancelled()],
  cancelledAfterPayment: [placed, confirmed(), cancelled()],
  cancelledAfterShipment: [placed, confirmed(), shipped(), cancelled('shipment_failed')],
} satisfies Record<string, OrderDomainEvent[]>;

describe('the orders decider', () => {
  describe('PlaceOrder', () => {
    it('places a new order with its total in cents', () => {
      given(orderDecider, histories.none).when(place()).then([placed]);
    });

    it.each(Object.entries(histories).filter(([status]) => status !== 'none'))('refuses to place an order that is already %s', (_, history) => {
      given(orderDecider, history).when(place()).thenRefused('order_already_exists');
    });

    it('takes a total up to the largest safe integer', () => {
      const oneLine = [{ sku: 'YACHT', quantity: 1, unitPriceCents: Number.MAX_SAFE_INTEGER }];
      given(orderDecider, [])
        .when(place({ lines: oneLine }))
        .then([{ type: 'OrderPlaced', data: { ...order, lines: oneLine, totalCents: Number.MAX_SAFE_INTEGER } }]);
    });

    it('refuses a total that no safe integer holds', () => {
      given(orderDecider, [])
        .when(place({ lines: [{ sku: 'YACHT', quantity: 2, unitPriceCents: Number.MAX_SAFE_INTEGER }] }))
        .thenRefused('total_too_large');
      given(orderDecider, [])
        .when(place({ lines: [{ sku: 'YACHT', quantity: 1, unitPriceCents: Number.MAX_SAFE_INTEGER }, { sku: 'PEN', quantity: 1, unitPriceCents: 1 }] }))
        .thenRefused('total_too_large');
    });
  });

  describe('ConfirmOrder', () => {
    it('confirms a placed order', () => {
      given(orderDecider, histories.placed).when(confirm()).then([confirmed()]);
    });

    it.each(['confirmed', 'shipped', 'delivered', 'cancelledAfterPayment'] as const)(
      'accepts a repeat by the same payment on a %s order, changing nothing',
      (status) => {
        given(orderDecider, histories[status]).when(confirm()).then([]);
      },
    );

    it.each(['confirmed', 'shipped', 'delivered'] as const)('refuses another payment for a %s order', (status) => {
      given(orderDecider, histories[status]).when(confirm('payment-2')).thenRefused('order_not_placed');
    });

    it('refuses a payment for an order cancelled before it was paid', () => {
      given(orderDecider, histories.cancelled).when(confirm()).thenRefused('order_already_cancelled');
    });

    it('refuses an order that does not exist', () => {
      given(orderDecider, histories.none).when(confirm()).thenRefused('order_not_found');
    });
  });

  describe('CancelOrder', () => {
    it.each(['placed', 'confirmed'] as const)('cancels a %s order, leaving refunds to the payment saga', (status) => {
      given(orderDecider, histories[status]).when(cancel('payment_declined')).then([cancelled('payment_declined')]);
    });

    it.each(['shipped', 'delivered'] as const)('refuses to cancel a %s order', (status) => {
      given(orderDecider, histories[status]).when(cancel()).thenRefused('order_already_shipped');
      given(orderDecider, histories[status]).when(cancel('payment_declined')).thenRefused('order_already_shipped');
    });

    it('cancels a shipped order whose shipment failed', () => {
      given(orderDecider, histories.shipped).when(cancel('shipment_failed')).then([cancelled('shipment_failed')]);
    });

    it('refuses to cancel a delivered order even when its shipment is said to have failed', () => {
      given(orderDecider, histories.delivered).when(cancel('shipment_failed')).thenRefused('order_already_shipped');
    });

    it.each([
      ['cancelled', 'customer_request'],
      ['cancelledAfterPayment', 'customer_request'],
      ['cancelledAfterShipment', 'shipment_failed'],
    ] as const)('accepts a repeat with the same reason on a %s order, changing nothing', (status, reason) => {
      given(orderDecider, histories[status]).when(cancel(reason)).then([]);
    });

    it('refuses to cancel again for another reason', () => {
      given(orderDecider, histories.cancelled).when(cancel('payment_declined')).thenRefused('order_already_cancelled');
      given(orderDecider, histories.cancelledAfterShipment).when(cancel('customer_request')).thenRefused('order_already_cancelled');
    });

    it('refuses an order that does not exist', () => {
      given(orderDecider, histories.none).when(cancel()).thenRefused('order_not_found');
    });
  });

  describe('MarkOrderShipped', () => {
    it('ships a confirmed order', () => {
      given(orderDecider, histories.confirmed).when(ship()).then([shipped()]);
    });

    it('refuses to ship an order not paid for', () => {
      given(orderDecider, histories.placed).when(ship()).thenRefused('order_not_confirmed');
    });

    it.each(['shipped', 'delivered'] as const)('accepts a repeat for the same shipment on a %s order, changing nothing', (status) => {
      given(orderDecider, histories[status]).when(ship()).then([]);
    });

    it('refuses a second shipment', () => {
      given(orderDecider, histories.shipped).when(ship('shp-2')).thenRefused('order_already_shipped');
    });

    it('refuses to ship a cancelled order', () => {
      given(orderDecider, histories.cancelledAfterPayment).when(ship()).thenRefused('order_already_cancelled');
    });

    it('refuses an order that does not exist', () => {
      given(orderDecider, histories.none).when(ship()).thenRefused('order_not_found');
    });
  });

  describe('MarkOrderDelivered', () => {
    it('delivers a shipped order', () => {
      given(orderDecider, histories.shipped).when(deliver()).then([delivered()]);
    });

    it.each(['placed', 'confirmed'] as const)('refuses to deliver a %s order', (status) => {
      given(orderDecider, histories[status]).when(deliver()).thenRefused('order_not_shipped');
    });

    it('accepts a repeat on a delivered order, changing nothing', () => {
      given(orderDecider, histories.delivered).when(deliver()).then([]);
    });

    it.each(['shipped', 'delivered'] as const)('refuses the delivery of another shipment on a %s order', (status) => {
      given(orderDecider, histories[status]).when(deliver('shp-2')).thenRefused('shipment_mismatch');
    });

    it('refuses to deliver a cancelled order', () => {
      given(orderDecider, histories.cancelled).when(deliver()).thenRefused('order_already_cancelled');
    });

    it('refuses an order that does not exist', () => {
      given(orderDecider, histories.none).when(deliver()).thenRefused('order_not_found');
    });
  });

  it('gives every refusal a message for people', () => {
    const decision = orderDecider.decide(cancel(), fold(orderDecider, histories.shipped));
    expect(decision).toEqual({ kind: 'refused', code: 'order_already_shipped', message: expect.stringContaining('order-1') });
  });

  describe('evolve', () => {
    const details = { ...order, totalCents: 2521 };

    it('folds the whole life of an order', () => {
      expect(fold(orderDecider, histories.delivered)).toEqual<OrderState>({ status: 'delivered', ...details, paymentId: 'order-1', shipmentId: 'shp-1' });
    });

    it('remembers the payment of an order cancelled after it was paid', () => {
      expect(fold(orderDecider, histories.cancelledAfterPayment)).toEqual<OrderState>({
        status: 'cancelled',
        ...details,
        paymentId: 'order-1',
        reason: 'customer_request',
        refunded: false,
      });
    });

    it('remembers the payment and the shipment of an order cancelled because its shipment failed', () => {
      expect(fold(orderDecider, histories.cancelledAfterShipment)).toEqual<OrderState>({
        status: 'cancelled',
        ...details,
        paymentId: 'order-1',
        shipmentId: 'shp-1',
        reason: 'shipment_failed',
        refunded: false,
      });
    });

    it('leaves the state as it is for an event that does not follow from it', () => {
      const state = fold(orderDecider, histories.cancelled);
      for (const event of [placed, confirmed(), shipped(), delivered(), cancelled('again')]) {
        expect(orderDecider.evolve(state, event)).toBe(state);
      }
      expect(fold(orderDecider, [confirmed()])).toEqual({ status: 'none' });
    });

    it('folds a version 1 OrderPlaced, written by an earlier release, as it is decoded today', () => {
      const record = readFileSync(join(__dirname, '../../../contracts/fixtures/order-placed.v1.json'));
      const event = orderEvents.decode(record);

      expect(fold(orderDecider, [event])).toEqual<OrderState>({
        status: 'placed',
        customerId: 'cus_4821',
        currency: 'EUR',
        lines: [
          { sku: 'MUG-ESPRESSO-WHT', quantity: 2, unitPriceCents: 1250 },
          { sku: 'STICKER-LOGO', quantity: 3, unitPriceCents: 7 },
          { sku: 'BEANS-ETHIOPIA-1KG', quantity: 1, unitPriceCents: 1900 },
        ],
        shippingAddress: { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' },
        paymentToken: 'tok_visa',
        totalCents: 2 * 1250 + 3 * 7 + 1900,
      });
    });
  });
});
