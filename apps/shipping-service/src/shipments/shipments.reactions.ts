import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OrderEvent, ShipmentCommand } from '@rewind/contracts';
import { reactionCommand } from '@rewind/service-kit';

/** The shipment's side of the saga: a confirmed (paid) order is scheduled for shipping. One shipment per order: its id is the order's id. */
@Controller()
export class ShipmentReactions {
  @EventPattern('orders.events')
  onOrder(@Payload() event: OrderEvent): ShipmentCommand[] {
    return event.type === 'OrderConfirmed'
      ? [reactionCommand(event, { type: 'ScheduleShipment', aggregateId: event.aggregateId, data: { orderId: event.aggregateId, address: event.data.shippingAddress } })]
      : [];
  }
}
