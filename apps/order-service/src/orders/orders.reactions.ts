import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OrderCommand, PaymentEvent, ShipmentEvent } from '@rewind/contracts';
import { deterministicUuid } from '@rewind/event-store';
import { reactionCommand } from '@rewind/service-kit';

/** The order's side of the saga: what payments and shipments mean for the order. */
@Controller()
export class OrderReactions {
  @EventPattern('payments.events')
  onPayment(@Payload() event: PaymentEvent): OrderCommand[] {
    const orderId = event.data.orderId;
    switch (event.type) {
      case 'PaymentAuthorized':
        return [reactionCommand(event, { type: 'ConfirmOrder', aggregateId: orderId, data: { paymentId: event.aggregateId } })];
      case 'PaymentDeclined':
        return [reactionCommand(event, { type: 'CancelOrder', aggregateId: orderId, data: { reason: 'payment_declined' } })];
      case 'PaymentRefunded':
        // a refund after a failed shipment cancels the order; a refund after a cancel is its echo
        return event.data.reason === 'shipment_failed'
          ? [reactionCommand(event, { type: 'CancelOrder', aggregateId: orderId, data: { reason: 'shipment_failed' } })]
          : [];
      case 'PaymentPartiallyRefunded':
      case 'AdditionalChargeAuthorized': {
        // the repricing is settled: the order may be repriced again
        const { correction, repricing, amountCents } = event.data;
        const settlement = event.type === 'PaymentPartiallyRefunded' ? ('refunded' as const) : ('charged' as const);
        return [reactionCommand(event, { type: 'RecordRepricingSettlement', aggregateId: orderId, data: { correction, repricing, settlement, amountCents } })];
      }
      case 'AdditionalChargeDeclined':
        // the compensation: the order goes back to the prices its payment holds
        return [
          reactionCommand(event, {
            type: 'RevertOrderRepricing',
            aggregateId: orderId,
            data: { corrects: event.data.correction, reason: 'additional_charge_declined', repricing: event.data.repricing },
          }),
        ];
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  @EventPattern('shipments.events')
  onShipment(@Payload() event: ShipmentEvent): OrderCommand[] {
    const orderId = event.data.orderId;
    switch (event.type) {
      case 'ShipmentDispatched':
        return [reactionCommand(event, { type: 'MarkOrderShipped', aggregateId: orderId, data: { shipmentId: event.aggregateId } })];
      case 'ShipmentDelivered':
        return [reactionCommand(event, { type: 'MarkOrderDelivered', aggregateId: orderId, data: { shipmentId: event.aggregateId } })];
      case 'ShipmentDeliveryReversed': {
        // the order's delivery followed the shipment's, so the order's reversal corrects that OrderDelivered
        const corrects = eventOfReaction(orderId, event.data.corrects, 'MarkOrderDelivered');
        return [reactionCommand(event, { type: 'ReverseOrderDelivery', aggregateId: orderId, data: { corrects, reason: event.data.reason, shipmentId: event.aggregateId } })];
      }
      case 'ShipmentScheduled':
      case 'ShipmentFailed': // a failure reaches the order through the refund it causes
      case 'ShipmentCancelled': // the order's own cancellation caused it
      case 'ShipmentAddressCorrected': // so did the order's corrected address
        return [];
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
}

/**
 * The id of the (first) event that the reaction of type `type` to the event `triggerId` appended.
 * Both ids are derived, not drawn: a reaction's command id from its trigger (`reactionCommand`),
 * an event's id from its aggregate and command (the event store: `<aggregateId>/<commandId>/<index>`).
 * So the order names the OrderDelivered it corrects without reading its log; orders.reactions.spec.ts
 * holds the two rules to this.
 */
export function eventOfReaction(orderId: string, triggerId: string, type: OrderCommand['type']): string {
  return deterministicUuid(`${orderId}/${triggerId}:${type}/0`);
}
