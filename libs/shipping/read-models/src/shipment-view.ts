import type { Address, ShipmentEvent } from '@rewind/contracts';

/** One shipment as readers see it (its id is its order's id). */
export interface ShipmentView {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly status: 'scheduled' | 'dispatched' | 'delivered' | 'failed' | 'cancelled';
  readonly address?: Address;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly failureReason?: string;
  /** Why its order was cancelled, when it was. */
  readonly cancellationReason?: string;
  /** Cancelled after the parcel had left with the carrier: it is called back. */
  readonly recalled?: boolean;
  /** Its order's address was corrected after the parcel had left: the carrier is to redirect it. */
  readonly redirected?: boolean;
  /** How many deliveries were reversed as recorded by mistake (docs/corrections.md); absent when none. */
  readonly deliveriesReversed?: number;
  readonly version: number;
  readonly updatedAt: string;
}

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
