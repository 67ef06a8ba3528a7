import type { ShipmentEvent } from '@rewind/contracts';
import { evolveShipmentView, type ShipmentView } from './shipment-view';

const meta = (aggregateVersion: number, minute: number) => ({
  eventId: `00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`,
  schemaVersion: 1,
  aggregateId: 'order-1',
  aggregateVersion,
  occurredAt: `2026-11-27T10:0${minute}:00.000Z`,
  commandId: 'c',
  correlationId: 'r',
  causationId: 'c',
});
const address = { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

describe('the shipment view', () => {
  it('follows a shipment from scheduled to delivered, keeping address and tracking', () => {
    const events: ShipmentEvent[] = [
      { ...meta(1, 1), type: 'ShipmentScheduled', data: { orderId: 'order-1', address } },
      { ...meta(2, 2), type: 'ShipmentDispatched', data: { orderId: 'order-1', carrier: 'DHL', trackingNumber: 'JD1' } },
      { ...meta(3, 3), type: 'ShipmentDelivered', data: { orderId: 'order-1' } },
    ];
    expect(events.reduce<ShipmentView | undefined>(evolveShipmentView, undefined)).toEqual({
      shipmentId: 'order-1',
      orderId: 'order-1',
      status: 'delivered',
      address,
      carrier: 'DHL',
      trackingNumber: 'JD1',
      version: 3,
      updatedAt: '2026-11-27T10:03:00.000Z',
    });
  });

  it('takes a corrected address, saying when the parcel had left, and a reversed delivery back to dispatched', () => {
    const corrected = { ...address, line1: 'Unter den Linden 1' };
    const correction = { correction: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d', orderId: 'order-1', previousAddress: address, reason: 'typo' };
    const events: ShipmentEvent[] = [
      { ...meta(1, 1), type: 'ShipmentScheduled', data: { orderId: 'order-1', address } },
      { ...meta(2, 2), type: 'ShipmentDispatched', data: { orderId: 'order-1', carrier: 'DHL', trackingNumber: 'JD1' } },
      { ...meta(3, 3), type: 'ShipmentAddressCorrected', data: { ...correction, address: corrected, redirected: true } },
      { ...meta(4, 4), type: 'ShipmentDelivered', data: { orderId: 'order-1' } },
      { ...meta(5, 5), type: 'ShipmentDeliveryReversed', data: { orderId: 'order-1', corrects: '00000000-0000-4000-8000-000000000004', reason: 'wrong scan' } },
    ];
    expect(events.reduce<ShipmentView | undefined>(evolveShipmentView, undefined)).toEqual({
      shipmentId: 'order-1',
      orderId: 'order-1',
      status: 'dispatched',
      address: corrected,
      carrier: 'DHL',
      trackingNumber: 'JD1',
      redirected: true,
      deliveriesReversed: 1,
      version: 5,
      updatedAt: '2026-11-27T10:05:00.000Z',
    });
  });

  it('keeps the reason of a failure', () => {
    const failed: ShipmentEvent = { ...meta(2, 2), type: 'ShipmentFailed', data: { orderId: 'order-1', reason: 'lost' } };
    expect(evolveShipmentView(undefined, failed)).toMatchObject({ status: 'failed', failureReason: 'lost', version: 2 });
  });

  it('shows a recalled shipment as cancelled, keeping the tracking of the parcel that comes back', () => {
    const events: ShipmentEvent[] = [
      { ...meta(1, 1), type: 'ShipmentScheduled', data: { orderId: 'order-1', address } },
      { ...meta(2, 2), type: 'ShipmentDispatched', data: { orderId: 'order-1', carrier: 'DHL', trackingNumber: 'JD1' } },
      { ...meta(3, 3), type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request', recalled: true } },
    ];
    expect(events.reduce<ShipmentView | undefined>(evolveShipmentView, undefined)).toEqual({
      shipmentId: 'order-1',
      orderId: 'order-1',
      status: 'cancelled',
      address,
      carrier: 'DHL',
      trackingNumber: 'JD1',
      cancellationReason: 'customer_request',
      recalled: true,
      version: 3,
      updatedAt: '2026-11-27T10:03:00.000Z',
    });
  });

  it('shows the cancellation of a shipment that was never scheduled', () => {
    const cancelled: ShipmentEvent = { ...meta(1, 1), type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'changed_mind', recalled: false } };
    expect(evolveShipmentView(undefined, cancelled)).toEqual({
      shipmentId: 'order-1',
      orderId: 'order-1',
      status: 'cancelled',
      cancellationReason: 'changed_mind',
      recalled: false,
      version: 1,
      updatedAt: '2026-11-27T10:01:00.000Z',
    });
  });
});
