import { shipmentCommands, shipmentEvents, type ShipmentCommand, type ShipmentEvent } from './shipments';
import { refusal } from './testing/refusal';

const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };

const meta = {
  eventId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  schemaVersion: 1,
  aggregateId: 'shp-1',
  aggregateVersion: 1,
  occurredAt: '2026-01-02T03:04:05.678Z',
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: 'evt-1',
};

const scheduled: ShipmentEvent = { ...meta, type: 'ShipmentScheduled', data: { orderId: 'order-1', address } };

const schedule: ShipmentCommand = {
  commandId: 'order-1:schedule',
  type: 'ScheduleShipment',
  aggregateId: 'shp-1',
  issuedAt: '2026-01-02T03:04:05.000Z',
  correlationId: 'corr-1',
  causationId: 'evt-1',
  data: { orderId: 'order-1', address },
};


const corrects = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const reason = 'the carrier scanned the wrong parcel';

describe('shipment contracts', () => {
  it.each<ShipmentEvent>([
    scheduled,
    { ...meta, aggregateVersion: 2, type: 'ShipmentDispatched', data: { orderId: 'order-1', carrier: 'DHL', trackingNumber: '00340434161094042557' } },
    { ...meta, aggregateVersion: 3, type: 'ShipmentDelivered', data: { orderId: 'order-1' } },
    { ...meta, aggregateVersion: 3, type: 'ShipmentFailed', data: { orderId: 'order-1', reason: 'address_not_found' } },
    { ...meta, aggregateVersion: 2, type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request', recalled: false } },
    { ...meta, aggregateVersion: 3, type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request', recalled: true } },
    {
      ...meta,
      aggregateVersion: 2,
      type: 'ShipmentAddressCorrected',
      data: { correction: corrects, orderId: 'order-1', address: { ...address, city: 'Potsdam' }, previousAddress: address, reason, redirected: false },
    },
    { ...meta, aggregateVersion: 4, type: 'ShipmentDeliveryReversed', data: { corrects, reason, orderId: 'order-1' } },
  ])('round-trips $type', (event) => {
    expect(shipmentEvents.decode(shipmentEvents.encode(event))).toEqual(event);
  });

  it.each<ShipmentCommand>([
    schedule,
    { ...schedule, type: 'DispatchShipment', data: { carrier: 'DHL', trackingNumber: '00340434161094042557' } },
    { ...schedule, type: 'DeliverShipment', data: {} },
    { ...schedule, type: 'FailShipment', data: { reason: 'address_not_found' } },
    { ...schedule, type: 'CancelShipment', data: { orderId: 'order-1', reason: 'customer_request' } },
    { ...schedule, type: 'CorrectShipmentAddress', data: { correction: corrects, orderId: 'order-1', address, reason } },
    { ...schedule, type: 'ReverseShipmentDelivery', expectedVersion: 3, data: { corrects, reason } },
  ])('round-trips $type', (command) => {
    expect(shipmentCommands.decode(shipmentCommands.encode(command))).toEqual(command);
  });

  it('refuses an address without a postal code, naming it', () => {
    const record = JSON.stringify({ ...scheduled, data: { orderId: 'order-1', address: { ...address, postalCode: undefined } } });
    expect(refusal(() => shipmentEvents.decode(record)).path).toBe('data.address.postalCode');
  });

  it('refuses a dispatch without a tracking number', () => {
    expect(refusal(() => shipmentCommands.validate({ ...schedule, type: 'DispatchShipment', data: { carrier: 'DHL', trackingNumber: '' } })).path).toBe(
      'data.trackingNumber',
    );
  });

  it('refuses a cancellation that does not say whether the parcel is recalled', () => {
    const record = JSON.stringify({ ...scheduled, type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request' } });
    expect(refusal(() => shipmentEvents.decode(record)).path).toBe('data.recalled');
  });

  it('refuses a reversal that does not name the delivery it corrects by its event id', () => {
    expect(refusal(() => shipmentCommands.validate({ ...schedule, type: 'ReverseShipmentDelivery', data: { reason } })).path).toBe('data.corrects');
    expect(refusal(() => shipmentCommands.validate({ ...schedule, type: 'ReverseShipmentDelivery', data: { corrects: 'ShipmentDelivered', reason } })).path).toBe('data.corrects');
  });

  it('refuses an unknown type', () => {
    expect(refusal(() => shipmentEvents.decode(JSON.stringify({ ...scheduled, type: 'ShipmentLost' }))).path).toBe('type');
    expect(refusal(() => shipmentCommands.validate({ ...schedule, type: 'LoseShipment' })).path).toBe('type');
  });
});
