import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OrderEvent, ShipmentCommand } from '@rewind/contracts';
import { reactionCommand } from '@rewind/service-kit';

/**
 * The shipment's side of the saga. One shipment per order: its id is the order's id. A confirmed
 * (paid) order is scheduled for shipping; a cancelled one has its shipment cancelled, wherever the
 * shipment has got to (docs/services.md, "A cancel and a dispatch"); a corrected address goes to
 * the shipment (docs/corrections.md).
 */
@Controller()
export class ShipmentReactions {
  @EventPattern('orders.events')
  onOrder(@Payload() event: OrderEvent): ShipmentCommand[] {
    const orderId = event.aggregateId;
    switch (event.type) {
      case 'OrderConfirmed':
        return [reactionCommand(event, { type: 'ScheduleShipment', aggregateId: orderId, data: { orderId, address: event.data.shippingAddress } })];
      case 'OrderCancelled':
        // a declined order was never confirmed, so never had a shipment; a failed shipment cancelled its order itself
        return event.data.reason === 'payment_declined' || event.data.reason === 'shipment_failed'
          ? []
          : [reactionCommand(event, { type: 'CancelShipment', aggregateId: orderId, data: { orderId, reason: event.data.reason } })];
      case 'ShippingAddressCorrected': {
        const { address, reason } = event.data;
        return [reactionCommand(event, { type: 'CorrectShipmentAddress', aggregateId: orderId, data: { correction: event.eventId, orderId, address, reason } })];
      }
      case 'OrderPlaced':
      case 'OrderShipped':
      case 'OrderDelivered':
      case 'OrderRepriced':
      case 'OrderRepricingSettled':
      case 'OrderRepricingReverted':
      case 'OrderDeliveryReversed': // its shipment's own reversal caused it
        return [];
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
}
