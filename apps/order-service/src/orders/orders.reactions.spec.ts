import { orderCommands, orderEvents, type OrderCommand, type OrderEvent, type PaymentEvent, type ShipmentEvent } from '@rewind/contracts';
import { fold } from '@rewind/decider';
import { decideBatch } from '@rewind/event-store';
import { orderDecider, type OrderDomainEvent, type OrderState } from '@rewind/orders-domain';
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

  describe('corrections', () => {
    const correction = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
    const settlement = { correction, orderId: 'order-1', repricing: 2, currency: 'EUR' };

    it('records the settlement of a repricing: refunded or charged', () => {
      const refunded: PaymentEvent = { ...envelope, type: 'PaymentPartiallyRefunded', data: { ...settlement, amountCents: 200, totalCents: 4200, reason: 'MUG is 11.50' } };
      const charged: PaymentEvent = { ...envelope, type: 'AdditionalChargeAuthorized', data: { ...settlement, amountCents: 100, totalCents: 4500 } };
      expect(reactions.onPayment(refunded)).toEqual([
        expect.objectContaining({ type: 'RecordRepricingSettlement', aggregateId: 'order-1', data: { correction, repricing: 2, settlement: 'refunded', amountCents: 200 } }),
      ]);
      expect(reactions.onPayment(charged)).toEqual([
        expect.objectContaining({ type: 'RecordRepricingSettlement', data: { correction, repricing: 2, settlement: 'charged', amountCents: 100 } }),
      ]);
    });

    it('reverts a repricing whose additional charge is declined, naming the OrderRepriced it undoes', () => {
      const declined: PaymentEvent = { ...envelope, type: 'AdditionalChargeDeclined', data: { ...settlement, amountCents: 100, totalCents: 4400, reason: 'card_declined' } };
      expect(reactions.onPayment(declined)).toEqual([
        expect.objectContaining({ type: 'RevertOrderRepricing', aggregateId: 'order-1', data: { corrects: correction, reason: 'additional_charge_declined', repricing: 2 } }),
      ]);
    });

    it('does nothing when a shipment takes a corrected address: the order corrected it first', () => {
      const address = { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
      const corrected: ShipmentEvent = {
        ...envelope,
        type: 'ShipmentAddressCorrected',
        data: { correction, orderId: 'order-1', address, previousAddress: address, reason: 'typo', redirected: false },
      };
      expect(reactions.onShipment(corrected)).toEqual([]);
    });

    it('reverses the delivery of the order when its shipment delivery is reversed, naming the OrderDelivered that followed it', async () => {
      // the order's delivery as the event store appends it: the reaction to the shipment's delivery, decided
      const shipmentDelivered: ShipmentEvent = { ...envelope, eventId: '3c2b1a0f-9e8d-4c7b-8a69-5f4e3d2c1b0a', type: 'ShipmentDelivered', data: { orderId: 'order-1' } };
      const [markDelivered] = reactions.onShipment(shipmentDelivered);
      const shipped = fold(orderDecider, [
        { type: 'OrderPlaced', data: { customerId: 'cus', currency: 'EUR', lines: [{ sku: 'A', quantity: 1, unitPriceCents: 100 }], shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, paymentToken: 'tok_visa', totalCents: 100 } },
        { type: 'OrderConfirmed', data: { paymentId: 'order-1', shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' } } },
        { type: 'OrderShipped', data: { shipmentId: 'order-1' } },
      ]);
      const decided = await decideBatch<OrderCommand, OrderDomainEvent, OrderState>(
        { decider: orderDecider, events: orderEvents, commands: orderCommands },
        () => ({ version: 3, state: shipped, outcomes: new Map() }),
        [Buffer.from(orderCommands.encode(markDelivered!))],
        '2026-11-27T10:00:00.000Z',
      );
      const orderDelivered = orderEvents.decode(decided.events[0]!.value) as OrderEvent;
      expect(orderDelivered).toMatchObject({ type: 'OrderDelivered', aggregateVersion: 4 });

      const reversed: ShipmentEvent = { ...envelope, type: 'ShipmentDeliveryReversed', data: { orderId: 'order-1', corrects: shipmentDelivered.eventId, reason: 'wrong scan' } };
      expect(reactions.onShipment(reversed)).toEqual([
        expect.objectContaining({ type: 'ReverseOrderDelivery', aggregateId: 'order-1', data: { corrects: orderDelivered.eventId, reason: 'wrong scan', shipmentId: 'order-1' } }),
      ]);
    });
  });

  it('does nothing when a shipment is cancelled: the order was cancelled first', () => {
    const cancelled: ShipmentEvent = { ...envelope, type: 'ShipmentCancelled', data: { orderId: 'order-1', reason: 'customer_request', recalled: true } };
    expect(reactions.onShipment(cancelled)).toEqual([]);
  });
});
