import type { OrderEvent } from '@rewind/contracts';
import { ShipmentReactions } from './shipments.reactions';

const envelope = { eventId: '0b6e7c9d-2f4a-5e1b-9c3d-4a5b6c7d8e9f', schemaVersion: 1, aggregateId: 'order-1', aggregateVersion: 2, occurredAt: '2026-11-27T10:00:00.000Z', commandId: 'c', correlationId: 'req-1', causationId: 'c' };
const address = { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

describe('the shipping saga reactions', () => {
  it('schedules a shipment to the address of a confirmed order', () => {
    const confirmed: OrderEvent = { ...envelope, type: 'OrderConfirmed', data: { paymentId: 'order-1', shippingAddress: address } };
    expect(new ShipmentReactions().onOrder(confirmed)).toEqual([
      expect.objectContaining({ type: 'ScheduleShipment', aggregateId: 'order-1', data: { orderId: 'order-1', address } }),
    ]);
  });

  it('cancels the shipment of a cancelled order, with a command id derived from the cancellation', () => {
    const cancelled: OrderEvent = { ...envelope, aggregateVersion: 3, type: 'OrderCancelled', data: { reason: 'customer_request', refunded: false } };
    const commands = new ShipmentReactions().onOrder(cancelled);
    expect(commands).toEqual([
      expect.objectContaining({
        commandId: `${envelope.eventId}:CancelShipment`,
        type: 'CancelShipment',
        aggregateId: 'order-1',
        causationId: envelope.eventId,
        data: { orderId: 'order-1', reason: 'customer_request' },
      }),
    ]);
    // a redelivered cancellation issues the same command, which the event store answers from its memory
    expect(new ShipmentReactions().onOrder(cancelled)).toEqual(commands);
  });

  it.each(['payment_declined', 'shipment_failed'])('leaves the shipment alone for an order cancelled because of %s', (reason) => {
    expect(new ShipmentReactions().onOrder({ ...envelope, type: 'OrderCancelled', data: { reason, refunded: false } })).toEqual([]);
  });

  it('takes the corrected address of its order to the shipment, naming the correction', () => {
    const corrected = { ...address, line1: 'Street 2' };
    const correction: OrderEvent = { ...envelope, aggregateVersion: 3, type: 'ShippingAddressCorrected', data: { corrects: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d', reason: 'typo', address: corrected, previousAddress: address } };
    expect(new ShipmentReactions().onOrder(correction)).toEqual([
      expect.objectContaining({
        type: 'CorrectShipmentAddress',
        aggregateId: 'order-1',
        causationId: envelope.eventId,
        data: { correction: envelope.eventId, orderId: 'order-1', address: corrected, reason: 'typo' },
      }),
    ]);
  });

  it('does nothing when the order follows a reversed delivery: its shipment reversed it first', () => {
    const reversed: OrderEvent = { ...envelope, type: 'OrderDeliveryReversed', data: { corrects: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d', reason: 'wrong scan', shipmentId: 'order-1' } };
    expect(new ShipmentReactions().onOrder(reversed)).toEqual([]);
  });

  it('does nothing for an order that is not confirmed yet', () => {
    expect(new ShipmentReactions().onOrder({ ...envelope, type: 'OrderDelivered', data: { shipmentId: 'order-1' } })).toEqual([]);
  });
});
