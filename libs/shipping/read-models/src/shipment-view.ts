import { addressSchema, type ShipmentEvent } from '@rewind/contracts';
import { z } from 'zod';

/** One shipment as readers see it (its id is its order's id). The schema is the type, and the query API's answer. */
export const shipmentViewSchema = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  status: z.enum(['scheduled', 'dispatched', 'delivered', 'failed', 'cancelled']),
  address: addressSchema.optional(),
  carrier: z.string().optional(),
  trackingNumber: z.string().optional(),
  failureReason: z.string().optional(),
  cancellationReason: z.string().optional().describe('Why its order was cancelled, when it was'),
  recalled: z.boolean().optional().describe('Cancelled after the parcel had left with the carrier: it is called back'),
  redirected: z.boolean().optional().describe("Its order's address was corrected after the parcel had left: the carrier is to redirect it"),
  deliveriesReversed: z.int().min(1).optional().describe('How many deliveries were reversed as recorded by mistake (docs/corrections.md); absent when none'),
  version: z.int().min(1),
  updatedAt: z.string().meta({ format: 'date-time' }),
});
export type ShipmentView = z.infer<typeof shipmentViewSchema>;

/** Pure: the view after one more event of the shipment's own stream. */
export function evolveShipmentView(current: ShipmentView | undefined, event: ShipmentEvent): ShipmentView {
  const common = { ...current, shipmentId: event.aggregateId, orderId: event.data.orderId, version: event.aggregateVersion, updatedAt: event.occurredAt };
  switch (event.type) {
    case 'ShipmentScheduled':
      return { ...common, status: 'scheduled', address: event.data.address };
    case 'ShipmentDispatched':
      return { ...common, status: 'dispatched', carrier: event.data.carrier, trackingNumber: event.data.trackingNumber };
    case 'ShipmentDelivered':
      return { ...common, status: 'delivered' };
    case 'ShipmentFailed':
      return { ...common, status: 'failed', failureReason: event.data.reason };
    case 'ShipmentCancelled':
      return { ...common, status: 'cancelled', cancellationReason: event.data.reason, recalled: event.data.recalled };
    case 'ShipmentAddressCorrected':
      // only a scheduled or dispatched shipment takes a corrected address
      return { ...common, status: current?.status ?? 'scheduled', address: event.data.address, ...(event.data.redirected ? { redirected: true } : {}) };
    case 'ShipmentDeliveryReversed':
      return { ...common, status: 'dispatched', deliveriesReversed: (current?.deliveriesReversed ?? 0) + 1 };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
