import type { PaymentEvent, ShipmentEvent } from '@rewind/contracts';
import { OrderReactions } from './orders.reactions';

const envelope = { eventId: '0b6e7c9d-2f4a-5e1b-9c3d-4a5b6c7d8e9f', schemaVersion: 1, aggregateId: 'order-1', aggregateVersion: 1, occurredAt: '2026-11-27T10:00:00.000Z', commandId: 'c', correlationId: 'req-1', causationId: 'c' };
const reactions = new OrderReactions();

describe('the order saga reactions', () => {
  it('confirms an order whose payment is authorised', () => {
    const event: PaymentEvent = { ...envelope, type: 'PaymentAuthorized', data: { orderId: 'order-1', amountCents: 100, currency: 'EUR', token: 'tok_visa' } };
    expect(reactions.onPayment(event)).toEqual([expect.objectContaining({ type: 'ConfirmOrder', aggregateId: 'order-1', data: { paymentId: 'order-1' }, correlationId: 'req-1', causationId: envelope.eventId })]);
  });

  it('cancels an order whose payment is declined', () => {
    const event: PaymentEvent = { ...envelope, type: 'PaymentDeclined', data: { orderId: 'order-1', amountCents: 100, currency: 'EUR', reason: 'card_declined' } };
    expect(reactions.onPayment(event)).toEqual([expect.objectContaining({ type: 'CancelOrder', data: { reason: 'payment_declined' } })]);
  });

  it('cancels after a refund only when the shipment failed', () => {
    const refunded = (reason: string): PaymentEvent => ({ ...envelope, type: 'PaymentRefunded', data: { orderId: 'order-1', amountCents: 100, currency: 'EUR', reason } });
    expect(reactions.onPayment(refunded('shipment_failed'))).toEqual([expect.objectContaining({ type: 'CancelOrder', data: { reason: 'shipment_failed' } })]);
    expect(reactions.onPayment(refunded('customer_request'))).toEqual([]);
  });

  it('follows the shipment: shipped when dispatched, delivered when delivered', () => {
    const dispatched: ShipmentEvent = { ...envelope, type: 'ShipmentDispatched', data: { orderId: 'order-1', carrier: 'DHL', trackingNumber: 'JD1' } };
    const delivered: ShipmentEvent = { ...envelope, type: 'ShipmentDelivered', data: { orderId: 'order-1' } };
    expect(reactions.onShipment(dispatched)).toEqual([expect.objectContaining({ type: 'MarkOrderShipped', data: { shipmentId: 'order-1' } })]);
    expect(reactions.onShipment(delivered)).toEqual([expect.objectContaining({ type: 'MarkOrderDelivered', data: { shipmentId: 'order-1' } })]);
  });

  it('does nothing when a shipment is cancelled: the order was cancelled first', () => {
    const cancelled: ShipmentEvent = { ...envelope, type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request', recalled: true } };
    expect(reactions.onShipment(cancelled)).toEqual([]);
  });
});
