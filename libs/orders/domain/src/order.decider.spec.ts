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

// corrections
const EVENT_PLACED = '0d9c3a52-1b7e-4f60-9a8b-7c6d5e4f3a21';
const EVENT_REPRICED = '1e2d3c4b-5a69-4788-9a7b-6c5d4e3f2a10';
const EVENT_DELIVERED = '2f3e4d5c-6b7a-4899-8a0b-1c2d3e4f5a6b';
const newAddress = { ...address, line1: 'Unter den Linden 1', postalCode: '10117' };
const correctAddress = (to = newAddress): OrderDomainCommand => ({
  ...meta,
  type: 'CorrectShippingAddress',
  data: { corrects: EVENT_PLACED, reason: 'typo, ticket 4711', address: to },
});
const addressCorrected = (to = newAddress, from = address): OrderDomainEvent => ({
  type: 'ShippingAddressCorrected',
  data: { corrects: EVENT_PLACED, reason: 'typo, ticket 4711', address: to, previousAddress: from },
});
const reprice = (...changes: { line: number; sku: string; unitPriceCents: number }[]): OrderDomainCommand => ({
  ...meta,
  type: 'RepriceOrderLines',
  data: { corrects: EVENT_PLACED, reason: 'MUG is 11.50', lines: changes.length > 0 ? changes : [{ line: 0, sku: 'MUG', unitPriceCents: 1150 }] },
});
/** MUG 1250 → 1150: the total goes from 2521 to 2321. */
const repriced = (repricing = 1, to = 1150, from = 1250): OrderDomainEvent => ({
  type: 'OrderRepriced',
  data: {
    corrects: EVENT_PLACED,
    reason: 'MUG is 11.50',
    repricing,
    lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: from, unitPriceCents: to }],
    previousTotalCents: 2 * from + 21,
    totalCents: 2 * to + 21,
  },
});
const settle = (repricing = 1, settlement: 'refunded' | 'charged' = 'refunded', amountCents = 200): OrderDomainCommand => ({
  ...meta,
  type: 'RecordRepricingSettlement',
  data: { correction: EVENT_REPRICED, repricing, settlement, amountCents },
});
const settled = (repricing = 1, settlement: 'refunded' | 'charged' = 'refunded', amountCents = 200): OrderDomainEvent => ({
  type: 'OrderRepricingSettled',
  data: { correction: EVENT_REPRICED, repricing, settlement, amountCents },
});
const revert = (repricing = 1): OrderDomainCommand => ({
  ...meta,
  type: 'RevertOrderRepricing',
  data: { corrects: EVENT_REPRICED, reason: 'additional_charge_declined', repricing },
});
const reverseDelivery = (shipmentId = 'shp-1'): OrderDomainCommand => ({
  ...meta,
  type: 'ReverseOrderDelivery',
  data: { corrects: EVENT_DELIVERED, reason: 'the carrier scanned the wrong parcel', shipmentId },
});
const deliveryReversed: OrderDomainEvent = {
  type: 'OrderDeliveryReversed',
  data: { corrects: EVENT_DELIVERED, reason: 'the carrier scanned the wrong parcel', shipmentId: 'shp-1' },
};

/** The events a command is decided into on a history; fails the test if it is refused. */
function decided(command: OrderDomainCommand, history: OrderDomainEvent[]): OrderDomainEvent[] {
  const decision = orderDecider.decide(command, fold(orderDecider, history));
  if (decision.kind === 'refused') throw new Error(`refused: ${decision.code}`);
  return [...decision.events];
}

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

  describe('CorrectShippingAddress', () => {
    it.each(['placed', 'confirmed'] as const)('corrects the address of a %s order, naming the address it replaces', (status) => {
      given(orderDecider, histories[status]).when(correctAddress()).then([addressCorrected()]);
    });

    it('corrects a corrected address again, from the corrected one', () => {
      const other = { ...newAddress, city: 'Potsdam', postalCode: '14467' };
      given(orderDecider, [...histories.confirmed, addressCorrected()]).when(correctAddress(other)).then([addressCorrected(other, newAddress)]);
    });

    it('confirms a placed order with the corrected address, so that shipping schedules to it', () => {
      given(orderDecider, [placed, addressCorrected()])
        .when(confirm())
        .then([{ type: 'OrderConfirmed', data: { paymentId: 'order-1', shippingAddress: newAddress } }]);
    });

    it('refuses a correction that changes nothing', () => {
      given(orderDecider, histories.confirmed).when(correctAddress(address)).thenRefused('correction_changes_nothing');
    });

    it.each(['shipped', 'delivered'] as const)('refuses to correct the address of a %s order: the parcel has left', (status) => {
      given(orderDecider, histories[status]).when(correctAddress()).thenRefused('order_already_shipped');
    });

    it('refuses to correct a cancelled order, and an order that does not exist', () => {
      given(orderDecider, histories.cancelledAfterPayment).when(correctAddress()).thenRefused('order_already_cancelled');
      given(orderDecider, histories.none).when(correctAddress()).thenRefused('order_not_found');
    });
  });

  describe('RepriceOrderLines', () => {
    it.each(['placed', 'confirmed', 'shipped', 'delivered'] as const)('reprices a line of a %s order with both totals, for the payment to settle', (status) => {
      given(orderDecider, histories[status]).when(reprice()).then([repriced()]);
    });

    it('reprices several lines at once, in line order', () => {
      given(orderDecider, histories.confirmed)
        .when(reprice({ line: 1, sku: 'STICKER', unitPriceCents: 10 }, { line: 0, sku: 'MUG', unitPriceCents: 1300 }))
        .then([
          {
            type: 'OrderRepriced',
            data: {
              corrects: EVENT_PLACED,
              reason: 'MUG is 11.50',
              repricing: 1,
              lines: [
                { line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1250, unitPriceCents: 1300 },
                { line: 1, sku: 'STICKER', quantity: 3, previousUnitPriceCents: 7, unitPriceCents: 10 },
              ],
              previousTotalCents: 2521,
              totalCents: 2630,
            },
          },
        ]);
    });

    it('counts the repricings: the next one after a settled one is number 2, from the repriced prices', () => {
      given(orderDecider, [...histories.confirmed, repriced(), settled()]).when(reprice({ line: 0, sku: 'MUG', unitPriceCents: 1100 })).then([repriced(2, 1100, 1150)]);
    });

    it('refuses another repricing while the payment has not settled the last one', () => {
      given(orderDecider, [...histories.confirmed, repriced()]).when(reprice({ line: 0, sku: 'MUG', unitPriceCents: 1100 })).thenRefused('repricing_pending');
    });

    it('takes a repricing that keeps the total as settled at once: the payment has nothing to settle', () => {
      const swap = reprice({ line: 0, sku: 'MUG', unitPriceCents: 1253 }, { line: 1, sku: 'STICKER', unitPriceCents: 5 });
      const history = [...histories.confirmed, ...decided(swap, histories.confirmed)];
      expect(fold(orderDecider, history)).toMatchObject({ totalCents: 2521, repricing: { number: 1, status: 'settled' } });
      given(orderDecider, history)
        .when(reprice({ line: 0, sku: 'MUG', unitPriceCents: 1150 }))
        .then([
          {
            type: 'OrderRepriced',
            data: {
              corrects: EVENT_PLACED,
              reason: 'MUG is 11.50',
              repricing: 2,
              lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1253, unitPriceCents: 1150 }],
              previousTotalCents: 2521,
              totalCents: 2 * 1150 + 3 * 5,
            },
          },
        ]);
    });

    it.each([
      ['a line that does not exist', { line: 2, sku: 'MUG', unitPriceCents: 1150 }, 'order_line_not_found'],
      ['a line whose SKU is another', { line: 1, sku: 'MUG', unitPriceCents: 1150 }, 'order_line_not_found'],
      ['a price the line already has', { line: 0, sku: 'MUG', unitPriceCents: 1250 }, 'correction_changes_nothing'],
      ['a total no safe integer holds', { line: 0, sku: 'MUG', unitPriceCents: Number.MAX_SAFE_INTEGER }, 'total_too_large'],
    ])('refuses %s', (_, change, code) => {
      given(orderDecider, histories.confirmed).when(reprice(change)).thenRefused(code);
    });

    it('refuses a line named twice', () => {
      given(orderDecider, histories.confirmed)
        .when(reprice({ line: 0, sku: 'MUG', unitPriceCents: 1150 }, { line: 0, sku: 'MUG', unitPriceCents: 1100 }))
        .thenRefused('order_line_repeated');
    });

    it('refuses to reprice a cancelled order, and an order that does not exist', () => {
      given(orderDecider, histories.cancelledAfterPayment).when(reprice()).thenRefused('order_already_cancelled');
      given(orderDecider, histories.none).when(reprice()).thenRefused('order_not_found');
    });
  });

  describe('RecordRepricingSettlement', () => {
    it('records that the payment settled the pending repricing', () => {
      given(orderDecider, [...histories.delivered, repriced()]).when(settle()).then([settled()]);
    });

    it('records a settlement on an order cancelled while it was pending: the refund took the settled amount', () => {
      given(orderDecider, [...histories.confirmed, repriced(1, 1300), cancelled()]).when(settle(1, 'charged', 100)).then([settled(1, 'charged', 100)]);
    });

    it('changes nothing for a redelivered settlement', () => {
      given(orderDecider, [...histories.confirmed, repriced(), settled()]).when(settle()).then([]);
    });

    it('refuses a settlement of a repricing the order does not have as its latest', () => {
      given(orderDecider, histories.confirmed).when(settle()).thenRefused('repricing_not_found');
      given(orderDecider, [...histories.confirmed, repriced()]).when(settle(2)).thenRefused('repricing_not_found');
    });
  });

  describe('RevertOrderRepricing', () => {
    it('puts the lines back to the prices the payment holds when the additional charge is declined', () => {
      given(orderDecider, [...histories.shipped, repriced(1, 1300)])
        .when(revert())
        .then([
          {
            type: 'OrderRepricingReverted',
            data: {
              corrects: EVENT_REPRICED,
              reason: 'additional_charge_declined',
              repricing: 1,
              lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1300, unitPriceCents: 1250 }],
              previousTotalCents: 2621,
              totalCents: 2521,
            },
          },
        ]);
    });

    it('leaves the order as it was before the repricing, with the repricing marked reverted', () => {
      const history = [...histories.shipped, repriced(1, 1300)];
      const reverted = [...history, ...decided(revert(), history)];
      expect(fold(orderDecider, reverted)).toEqual({
        ...fold(orderDecider, histories.shipped),
        repricing: { number: 1, status: 'reverted', lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1250, unitPriceCents: 1300 }], previousTotalCents: 2521 },
      });
    });

    it('changes nothing for a redelivered decline, and refuses to revert a settled repricing', () => {
      const history = [...histories.confirmed, repriced(1, 1300)];
      const reverted = [...history, ...decided(revert(), history)];
      given(orderDecider, reverted).when(revert()).then([]);
      given(orderDecider, [...history, settled(1, 'charged', 100)]).when(revert()).thenRefused('repricing_settled');
    });

    it('takes a new repricing after a reverted one', () => {
      const history = [...histories.confirmed, repriced(1, 1300)];
      const reverted = [...history, ...decided(revert(), history)];
      given(orderDecider, reverted).when(reprice()).then([repriced(2)]);
    });

    it('refuses to revert a repricing the order does not have', () => {
      given(orderDecider, histories.confirmed).when(revert()).thenRefused('repricing_not_found');
      given(orderDecider, histories.none).when(revert()).thenRefused('order_not_found');
    });
  });

  describe('ReverseOrderDelivery', () => {
    it('takes a delivered order back to shipped, naming the delivery it corrects', () => {
      given(orderDecider, histories.delivered).when(reverseDelivery()).then([deliveryReversed]);
      expect(fold(orderDecider, [...histories.delivered, deliveryReversed])).toEqual(fold(orderDecider, histories.shipped));
    });

    it('delivers the order again when its shipment is delivered again', () => {
      given(orderDecider, [...histories.delivered, deliveryReversed]).when(deliver()).then([delivered()]);
    });

    it('changes nothing when the delivery is already reversed', () => {
      given(orderDecider, [...histories.delivered, deliveryReversed]).when(reverseDelivery()).then([]);
    });

    it('refuses the reversal of another shipment, of an order not shipped, cancelled or unknown', () => {
      given(orderDecider, histories.delivered).when(reverseDelivery('shp-2')).thenRefused('shipment_mismatch');
      given(orderDecider, histories.confirmed).when(reverseDelivery()).thenRefused('order_not_shipped');
      given(orderDecider, histories.cancelledAfterShipment).when(reverseDelivery()).thenRefused('order_already_cancelled');
      given(orderDecider, histories.none).when(reverseDelivery()).thenRefused('order_not_found');
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

    it('folds the corrections of an order into its lines, total and address', () => {
      expect(fold(orderDecider, [placed, addressCorrected(), confirmed(), repriced(), settled()])).toEqual<OrderState>({
        status: 'confirmed',
        ...details,
        shippingAddress: newAddress,
        lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1150 }, lines[1]!],
        totalCents: 2321,
        paymentId: 'order-1',
        repricing: { number: 1, status: 'settled', lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1250, unitPriceCents: 1150 }], previousTotalCents: 2521 },
      });
    });

    it('leaves the state as it is for an event that does not follow from it', () => {
      const state = fold(orderDecider, histories.cancelled);
      for (const event of [placed, confirmed(), shipped(), delivered(), cancelled('again'), addressCorrected(), repriced(), settled(), deliveryReversed]) {
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
