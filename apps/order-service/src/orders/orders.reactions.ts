import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OrderCommand, PaymentEvent, ShipmentEvent } from '@rewind/contracts';
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
      case 'ShipmentScheduled':
      case 'ShipmentFailed': // a failure reaches the order through the refund it causes
      case 'ShipmentCancelled': // the order's own cancellation caused it
        return [];
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
}
