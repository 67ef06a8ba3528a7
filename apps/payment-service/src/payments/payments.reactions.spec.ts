import type { OrderEvent, ShipmentEvent } from '@rewind/contracts';
import { PaymentReactions } from './payments.reactions';

const envelope = { eventId: '0b6e7c9d-2f4a-5e1b-9c3d-4a5b6c7d8e9f', schemaVersion: 1, aggregateId: 'order-1', aggregateVersion: 1, occurredAt: '2026-11-27T10:00:00.000Z', commandId: 'c', correlationId: 'req-1', causationId: 'c' };
const address = { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const reactions = new PaymentReactions();

describe('the payment saga reactions', () => {
  it('authorises the total of a placed order with its token', () => {
    const placed: OrderEvent = {
      ...envelope,
      type: 'OrderPlaced',
      schemaVersion: 2,
      data: { customerId: 'cus', currency: 'EUR', lines: [{ sku: 'A', quantity: 1, unitPriceCents: 4400 }], shippingAddress: address, paymentToken: 'tok_visa', totalCents: 4400 },
    };
    expect(reactions.onOrder(placed)).toEqual([
      expect.objectContaining({ type: 'AuthorizePayment', aggregateId: 'order-1', data: { orderId: 'order-1', amountCents: 4400, currency: 'EUR', token: 'tok_visa' } }),
    ]);
  });

  it('refunds an order cancelled by its customer, and nothing for declined or failed-shipment cancels', () => {
    const cancelled = (reason: string): OrderEvent => ({ ...envelope, type: 'OrderCancelled', data: { reason, refunded: false } });
    expect(reactions.onOrder(cancelled('customer_request'))).toEqual([expect.objectContaining({ type: 'RefundPayment', data: { orderId: 'order-1', reason: 'customer_request' } })]);
    expect(reactions.onOrder(cancelled('payment_declined'))).toEqual([]);
    expect(reactions.onOrder(cancelled('shipment_failed'))).toEqual([]);
  });

  it('settles a repricing that changed the total, naming the OrderRepriced; nothing for one that kept it', () => {
    const repriced = (totalCents: number): OrderEvent => ({
      ...envelope,
      type: 'OrderRepriced',
      data: {
        corrects: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
        reason: 'MUG is 11.50',
        repricing: 1,
        lines: [{ line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1250, unitPriceCents: totalCents / 2 }],
        previousTotalCents: 2500,
        totalCents,
      },
    });
    expect(reactions.onOrder(repriced(2300))).toEqual([
      expect.objectContaining({
        type: 'SettleRepricing',
        aggregateId: 'order-1',
        causationId: envelope.eventId,
        data: { correction: envelope.eventId, orderId: 'order-1', repricing: 1, totalCents: 2300, reason: 'MUG is 11.50' },
      }),
    ]);
    expect(reactions.onOrder(repriced(2500))).toEqual([]);
  });

  it('refunds an order whose shipment failed', () => {
    const failed: ShipmentEvent = { ...envelope, type: 'ShipmentFailed', data: { orderId: 'order-1', reason: 'lost' } };
    expect(reactions.onShipment(failed)).toEqual([expect.objectContaining({ type: 'RefundPayment', aggregateId: 'order-1', data: { orderId: 'order-1', reason: 'shipment_failed' } })]);
  });

  it('refunds nothing more when a shipment is cancelled: the cancellation of its order has refunded it', () => {
    const cancelled: ShipmentEvent = { ...envelope, type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request', recalled: true } };
    expect(reactions.onShipment(cancelled)).toEqual([]);
  });
});
