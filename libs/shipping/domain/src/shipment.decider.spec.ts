import { fold } from '@rewind/decider';
import { given } from '@rewind/decider/testing';
import { shipmentDecider, type ShipmentDomainCommand, type ShipmentDomainEvent, type ShipmentState } from './shipment.decider';

const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const tracking = { carrier: 'DHL', trackingNumber: 'JJD0001' };

const meta = { aggregateId: 'shp-1', commandId: 'cmd-1', issuedAt: '2026-01-02T03:04:05.000Z' };
const schedule = (orderId = 'order-1'): ShipmentDomainCommand => ({ ...meta, type: 'ScheduleShipment', data: { orderId, address } });
const dispatch = (data: Partial<typeof tracking> = {}): ShipmentDomainCommand => ({ ...meta, type: 'DispatchShipment', data: { ...tracking, ...data } });
const deliver = (): ShipmentDomainCommand => ({ ...meta, type: 'DeliverShipment', data: {} });
const fail = (reason = 'parcel_lost'): ShipmentDomainCommand => ({ ...meta, type: 'FailShipment', data: { reason } });

const scheduled: ShipmentDomainEvent = { type: 'ShipmentScheduled', data: { orderId: 'order-1', address } };
const dispatched = (data: Partial<typeof tracking> = {}): ShipmentDomainEvent => ({
  type: 'ShipmentDispatched',
  data: { orderId: 'order-1', ...tracking, ...data },
});
const delivered: ShipmentDomainEvent = { type: 'ShipmentDelivered', data: { orderId: 'order-1' } };
const failed = (reason = 'parcel_lost'): ShipmentDomainEvent => ({ type: 'ShipmentFailed', data: { orderId: 'order-1', reason } });

const histories = {
  none: [],
  scheduled: [scheduled],
  dispatched: [scheduled, dispatched()],
  delivered: [scheduled, dispatched(), delivered],
  failed: [scheduled, failed()],
  failedAfterDispatch: [scheduled, dispatched(), failed()],
} satisfies Record<string, ShipmentDomainEvent[]>;

const existing = Object.entries(histories).filter(([status]) => status !== 'none');

describe('the shipping decider', () => {
  describe('ScheduleShipment', () => {
    it('schedules a new shipment to the address of its order', () => {
      given(shipmentDecider, histories.none).when(schedule()).then([scheduled]);
    });

    it.each(existing)('accepts a redelivery for the same order on a %s shipment, changing nothing', (_, history) => {
      given(shipmentDecider, history).when(schedule()).then([]);
    });

    it.each(existing)('refuses a shipment for another order on a %s shipment', (_, history) => {
      given(shipmentDecider, history).when(schedule('order-2')).thenRefused('shipment_already_exists');
    });
  });

  describe('DispatchShipment', () => {
    it('dispatches a scheduled shipment for its order', () => {
      given(shipmentDecider, histories.scheduled).when(dispatch()).then([dispatched()]);
    });

    it('refuses a shipment that was never scheduled', () => {
      given(shipmentDecider, histories.none).when(dispatch()).thenRefused('shipment_not_found');
    });

    it('accepts a repeat with the same carrier and tracking number, changing nothing', () => {
      given(shipmentDecider, histories.dispatched).when(dispatch()).then([]);
    });

    it.each([{ carrier: 'UPS' }, { trackingNumber: 'JJD0002' }])('refuses to dispatch again with other tracking (%o)', (other) => {
      given(shipmentDecider, histories.dispatched).when(dispatch(other)).thenRefused('shipment_already_dispatched');
    });

    it.each(['delivered', 'failed', 'failedAfterDispatch'] as const)('refuses to dispatch a %s shipment', (status) => {
      given(shipmentDecider, histories[status]).when(dispatch()).thenRefused('shipment_closed');
    });
  });

  describe('DeliverShipment', () => {
    it('delivers a dispatched shipment', () => {
      given(shipmentDecider, histories.dispatched).when(deliver()).then([delivered]);
    });

    it('refuses to deliver a shipment not dispatched yet', () => {
      given(shipmentDecider, histories.scheduled).when(deliver()).thenRefused('shipment_not_dispatched');
    });

    it('accepts a repeat on a delivered shipment, changing nothing', () => {
      given(shipmentDecider, histories.delivered).when(deliver()).then([]);
    });

    it.each(['failed', 'failedAfterDispatch'] as const)('refuses to deliver a %s shipment', (status) => {
      given(shipmentDecider, histories[status]).when(deliver()).thenRefused('shipment_closed');
    });

    it('refuses a shipment that does not exist', () => {
      given(shipmentDecider, histories.none).when(deliver()).thenRefused('shipment_not_found');
    });
  });

  describe('FailShipment', () => {
    it.each(['scheduled', 'dispatched'] as const)('fails a %s shipment', (status) => {
      given(shipmentDecider, histories[status]).when(fail('address_unknown')).then([failed('address_unknown')]);
    });

    it.each(['failed', 'failedAfterDispatch'] as const)('accepts the same report again on a %s shipment, changing nothing', (status) => {
      given(shipmentDecider, histories[status]).when(fail()).then([]);
    });

    it('refuses another reason on a failed shipment', () => {
      given(shipmentDecider, histories.failed).when(fail('address_unknown')).thenRefused('shipment_closed');
    });

    it('refuses to fail a delivered shipment', () => {
      given(shipmentDecider, histories.delivered).when(fail()).thenRefused('shipment_closed');
    });

    it('refuses a shipment that does not exist', () => {
      given(shipmentDecider, histories.none).when(fail()).thenRefused('shipment_not_found');
    });
  });

  it('gives every refusal a message for people', () => {
    const decision = shipmentDecider.decide(dispatch({ carrier: 'UPS' }), fold(shipmentDecider, histories.dispatched));
    expect(decision).toEqual({ kind: 'refused', code: 'shipment_already_dispatched', message: expect.stringContaining('shp-1') });
  });

  describe('evolve', () => {
    it('folds the whole life of a shipment', () => {
      expect(fold(shipmentDecider, histories.delivered)).toEqual<ShipmentState>({ status: 'delivered', orderId: 'order-1', address, ...tracking });
    });

    it('remembers the tracking of a shipment that failed after dispatch', () => {
      expect(fold(shipmentDecider, histories.failedAfterDispatch)).toEqual<ShipmentState>({
        status: 'failed',
        orderId: 'order-1',
        address,
        ...tracking,
        reason: 'parcel_lost',
      });
      expect(fold(shipmentDecider, histories.failed)).toEqual<ShipmentState>({ status: 'failed', orderId: 'order-1', address, reason: 'parcel_lost' });
    });

    it('leaves the state as it is for an event that does not follow from it', () => {
      const state = fold(shipmentDecider, histories.delivered);
      for (const event of [scheduled, dispatched({ carrier: 'UPS' }), delivered, failed()]) {
        expect(shipmentDecider.evolve(state, event)).toBe(state);
      }
      expect(fold(shipmentDecider, [dispatched(), delivered])).toEqual({ status: 'none' });
    });
  });
});
