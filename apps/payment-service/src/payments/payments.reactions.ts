import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OrderEvent, PaymentCommand, ShipmentEvent } from '@rewind/contracts';
import { reactionCommand } from '@rewind/service-kit';

/**
 * The payment's side of the saga. One payment per order: its id is the order's id. Authorise when
 * an order is placed; refund when a paid order is cancelled or its shipment fails; settle the
 * difference when it is repriced (docs/corrections.md).
 */
@Controller()
export class PaymentReactions {
  @EventPattern('orders.events')
  onOrder(@Payload() event: OrderEvent): PaymentCommand[] {
    switch (event.type) {
      case 'OrderPlaced':
        return [
          reactionCommand(event, {
            type: 'AuthorizePayment',
            aggregateId: event.aggregateId,
            data: { orderId: event.aggregateId, amountCents: event.data.totalCents, currency: event.data.currency, token: event.data.paymentToken },
          }),
        ];
      case 'OrderCancelled':
        // declined payments have nothing to refund; a failed shipment was refunded before the cancel
        return event.data.reason === 'payment_declined' || event.data.reason === 'shipment_failed'
          ? []
          : [reactionCommand(event, { type: 'RefundPayment', aggregateId: event.aggregateId, data: { orderId: event.aggregateId, reason: event.data.reason } })];
      case 'OrderRepriced': {
        // the payment comes to hold the new total; a repricing that keeps the total leaves nothing to settle
        const { repricing, totalCents, previousTotalCents, reason } = event.data;
        if (totalCents === previousTotalCents) return [];
        return [
          reactionCommand(event, {
            type: 'SettleRepricing',
            aggregateId: event.aggregateId,
            data: { correction: event.eventId, orderId: event.aggregateId, repricing, totalCents, reason },
          }),
        ];
      }
      case 'OrderConfirmed':
      case 'OrderShipped':
      case 'OrderDelivered':
      case 'ShippingAddressCorrected':
      case 'OrderRepricingSettled': // the payment's own settlement caused it
      case 'OrderRepricingReverted': // so did its declined additional charge: it holds what it held
      case 'OrderDeliveryReversed':
        return [];
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  @EventPattern('shipments.events')
  onShipment(@Payload() event: ShipmentEvent): PaymentCommand[] {
    return event.type === 'ShipmentFailed'
      ? [reactionCommand(event, { type: 'RefundPayment', aggregateId: event.data.orderId, data: { orderId: event.data.orderId, reason: 'shipment_failed' } })]
      : [];
  }
}
