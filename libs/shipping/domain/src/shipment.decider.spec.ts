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
const cancel = (reason = 'customer_request', orderId = 'order-1'): ShipmentDomainCommand => ({ ...meta, type: 'CancelShipment', data: { orderId, reason } });

const scheduled: ShipmentDomainEvent = { type: 'ShipmentScheduled', data: { orderId: 'order-1', address } };
const dispatched = (data: Partial<typeof tracking> = {}): ShipmentDomainEvent => ({
  type: 'ShipmentDispatched',
  data: { orderId: 'order-1', ...tracking, ...data },
});
const delivered: ShipmentDomainEvent = { type: 'ShipmentDelivered', data: { orderId: 'order-1' } };
const failed = (reason = 'parcel_lost'): ShipmentDomainEvent => ({ type: 'ShipmentFailed', data: { orderId: 'order-1', reason } });
const cancelled = (recalled: boolean, reason = 'customer_request'): ShipmentDomainEvent => ({
  type: 'ShipmentCancelled',
  data: { orderId: 'order-1', reason, recalled },
});

// corrections
const EVENT_ADDRESS_CORRECTED = '3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d';
const EVENT_DELIVERED = '2f3e4d5c-6b7a-4899-8a0b-1c2d3e4f5a6b';
const newAddress = { ...address, line1: 'Unter den Linden 1', postalCode: '10117' };
const correctAddress = (to = newAddress, orderId = 'order-1'): ShipmentDomainCommand => ({
  ...meta,
  type: 'CorrectShipmentAddress',
  data: { correction: EVENT_ADDRESS_CORRECTED, orderId, address: to, reason: 'typo, ticket 4711' },
});
const addressCorrected = (redirected: boolean): ShipmentDomainEvent => ({
  type: 'ShipmentAddressCorrected',
  data: { correction: EVENT_ADDRESS_CORRECTED, orderId: 'order-1', address: newAddress, previousAddress: address, reason: 'typo, ticket 4711', redirected },
});
const reverseDelivery = (): ShipmentDomainCommand => ({
  ...meta,
  type: 'ReverseShipmentDelivery',
  data: { corrects: EVENT_DELIVERED, reason: 'the carrier scanned the wrong parcel' },
});
const deliveryReversed: ShipmentDomainEvent = {
  type: 'ShipmentDeliveryReversed',
  data: { corrects: EVENT_DELIVERED, reason: 'the carrier scanned the wrong parcel', orderId: 'order-1' },
};

const histories = {
  none: [],
  scheduled: [scheduled],
  dispatched: [scheduled, dispatched()],
  delivered: [scheduled, dispatched(), delivered],
  failed: [scheduled, failed()],
  failedAfterDispatch: [scheduled, dispatched(), failed()],
  // the order's cancellation reached shipping before its confirmation did
  cancelledBeforeScheduled: [cancelled(false)],
  cancelled: [scheduled, cancelled(false)],
  recalled: [scheduled, dispatched(), cancelled(true)],
  recalledAfterDelivery: [scheduled, dispatched(), delivered, cancelled(true)],
} satisfies Record<string, ShipmentDomainEvent[]>;

const existing = Object.entries(histories).filter(([status]) => status !== 'none');
const cancelledOnes = ['cancelledBeforeScheduled', 'cancelled', 'recalled', 'recalledAfterDelivery'] as const;

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

    it('schedules nothing for an order whose cancellation arrived first', () => {
      given(shipmentDecider, histories.cancelledBeforeScheduled).when(schedule()).then([]);
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

    it.each(cancelledOnes)('refuses to dispatch a shipment of a cancelled order (%s)', (status) => {
      given(shipmentDecider, histories[status]).when(dispatch()).thenRefused('shipment_cancelled');
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

    it.each(cancelledOnes)('refuses to deliver a shipment of a cancelled order (%s)', (status) => {
      given(shipmentDecider, histories[status]).when(deliver()).thenRefused('shipment_cancelled');
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

    it.each(cancelledOnes)('refuses to fail a shipment of a cancelled order (%s)', (status) => {
      given(shipmentDecider, histories[status]).when(fail()).thenRefused('shipment_cancelled');
    });
  });

  describe('CancelShipment', () => {
    it('records the cancellation of an order whose shipment was not scheduled yet, so that none is scheduled after it', () => {
      given(shipmentDecider, histories.none).when(cancel()).then([cancelled(false)]);
    });

    it('cancels a scheduled shipment: the parcel never left', () => {
      given(shipmentDecider, histories.scheduled).when(cancel()).then([cancelled(false)]);
    });

    it.each(['dispatched', 'delivered'] as const)('recalls a %s shipment: the order was cancelled before it was marked shipped', (status) => {
      given(shipmentDecider, histories[status]).when(cancel()).then([cancelled(true)]);
    });

    it.each(['failed', 'failedAfterDispatch'] as const)('changes nothing on a %s shipment: its failure already cancelled the order', (status) => {
      given(shipmentDecider, histories[status]).when(cancel()).then([]);
    });

    it.each(cancelledOnes)('accepts the same cancellation again (%s), changing nothing', (status) => {
      given(shipmentDecider, histories[status]).when(cancel()).then([]);
    });

    it('refuses another reason on a cancelled shipment', () => {
      given(shipmentDecider, histories.cancelled).when(cancel('changed_mind')).thenRefused('shipment_cancelled');
    });

    it.each(['scheduled', 'dispatched', 'failed', 'cancelled'] as const)('refuses the cancellation of another order on a %s shipment', (status) => {
      given(shipmentDecider, histories[status]).when(cancel('customer_request', 'order-2')).thenRefused('order_mismatch');
    });
  });

  describe('CorrectShipmentAddress', () => {
    it('takes the corrected address of its order while it is scheduled', () => {
      given(shipmentDecider, histories.scheduled).when(correctAddress()).then([addressCorrected(false)]);
      expect(fold(shipmentDecider, [scheduled, addressCorrected(false)])).toEqual<ShipmentState>({ status: 'scheduled', orderId: 'order-1', address: newAddress });
    });

    it('records a redirect for the carrier when the parcel left before the correction reached it', () => {
      given(shipmentDecider, histories.dispatched).when(correctAddress()).then([addressCorrected(true)]);
    });

    it('takes nothing before it is scheduled: the schedule carries the corrected address', () => {
      given(shipmentDecider, histories.none).when(correctAddress()).then([]);
    });

    it.each(['delivered', 'failed', 'cancelled', 'recalled'] as const)('changes nothing on a %s shipment: nothing is on its way', (status) => {
      given(shipmentDecider, histories[status]).when(correctAddress()).then([]);
    });

    it('changes nothing for the address it has already, and refuses another order', () => {
      given(shipmentDecider, [scheduled, addressCorrected(false)]).when(correctAddress()).then([]);
      given(shipmentDecider, histories.scheduled).when(correctAddress(newAddress, 'order-2')).thenRefused('order_mismatch');
    });
  });

  describe('ReverseShipmentDelivery', () => {
    it('takes a delivered shipment back to dispatched, naming the delivery it corrects', () => {
      given(shipmentDecider, histories.delivered).when(reverseDelivery()).then([deliveryReversed]);
      expect(fold(shipmentDecider, [...histories.delivered, deliveryReversed])).toEqual(fold(shipmentDecider, histories.dispatched));
    });

    it('may then be delivered, or fail', () => {
      given(shipmentDecider, [...histories.delivered, deliveryReversed]).when(deliver()).then([delivered]);
      given(shipmentDecider, [...histories.delivered, deliveryReversed]).when(fail()).then([failed()]);
    });

    it.each(['scheduled', 'dispatched'] as const)('refuses a %s shipment: there is no delivery to reverse', (status) => {
      given(shipmentDecider, histories[status]).when(reverseDelivery()).thenRefused('shipment_not_delivered');
    });

    it('refuses a failed, a cancelled and an unknown shipment', () => {
      given(shipmentDecider, histories.failed).when(reverseDelivery()).thenRefused('shipment_closed');
      given(shipmentDecider, histories.recalledAfterDelivery).when(reverseDelivery()).thenRefused('shipment_cancelled');
      given(shipmentDecider, histories.none).when(reverseDelivery()).thenRefused('shipment_not_found');
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

    it('keeps what a cancelled shipment had reached: its address, and the tracking of a recalled parcel', () => {
      const cancellation = { status: 'cancelled', orderId: 'order-1', reason: 'customer_request' } as const;
      expect(fold(shipmentDecider, histories.cancelledBeforeScheduled)).toEqual<ShipmentState>({ ...cancellation, recalled: false });
      expect(fold(shipmentDecider, histories.cancelled)).toEqual<ShipmentState>({ ...cancellation, address, recalled: false });
      expect(fold(shipmentDecider, histories.recalled)).toEqual<ShipmentState>({ ...cancellation, address, ...tracking, recalled: true });
      expect(fold(shipmentDecider, histories.recalledAfterDelivery)).toEqual<ShipmentState>({ ...cancellation, address, ...tracking, recalled: true });
    });

    it('leaves the state as it is for an event that does not follow from it', () => {
      const state = fold(shipmentDecider, histories.delivered);
      for (const event of [scheduled, dispatched({ carrier: 'UPS' }), delivered, failed()]) {
        expect(shipmentDecider.evolve(state, event)).toBe(state);
      }
      const closed = fold(shipmentDecider, histories.recalled);
      for (const event of [scheduled, dispatched(), delivered, failed(), cancelled(false, 'again'), addressCorrected(true), deliveryReversed]) {
        expect(shipmentDecider.evolve(closed, event)).toBe(closed);
      }
      const failedState = fold(shipmentDecider, histories.failed);
      expect(shipmentDecider.evolve(failedState, cancelled(false))).toBe(failedState);
      expect(fold(shipmentDecider, [dispatched(), delivered])).toEqual({ status: 'none' });
    });
  });
});
