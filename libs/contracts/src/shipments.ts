import { z } from 'zod';
import { CommandCodec, EventCodec, commandContract, eventContract, type CommandOf, type EventOf } from './messages';
import { correctionReasonSchema, correctionSchema, followsCorrectionSchema } from './corrections';
import { addressSchema } from './money';
import { referenceSchema } from './reference';

// The shipments stream: aggregate id = shipmentId.

const carrierSchema = z.string().min(1).max(100);
const trackingNumberSchema = z.string().min(1).max(100);
const reasonSchema = z.string().min(1).max(200);

export const shipmentScheduledContract = eventContract('ShipmentScheduled', z.object({ orderId: referenceSchema, address: addressSchema }));
export const shipmentDispatchedContract = eventContract(
  'ShipmentDispatched',
  z.object({ orderId: referenceSchema, carrier: carrierSchema, trackingNumber: trackingNumberSchema }),
);
export const shipmentDeliveredContract = eventContract('ShipmentDelivered', z.object({ orderId: referenceSchema }));
export const shipmentFailedContract = eventContract('ShipmentFailed', z.object({ orderId: referenceSchema, reason: reasonSchema }));
/**
 * The shipment follows its order's cancellation. `recalled`: the parcel had already left with the
 * carrier (dispatched, or even delivered) and is called back; false when it never left.
 */
export const shipmentCancelledContract = eventContract(
  'ShipmentCancelled',
  z.object({ orderId: referenceSchema, reason: reasonSchema, recalled: z.boolean() }),
);

/**
 * The shipment takes its order's corrected address (`correction` names the order's
 * `ShippingAddressCorrected`). `redirected`: the parcel had already left, so the carrier is to be
 * told to redirect it; false when it had not.
 */
export const shipmentAddressCorrectedContract = eventContract(
  'ShipmentAddressCorrected',
  followsCorrectionSchema.extend({
    orderId: referenceSchema,
    address: addressSchema,
    previousAddress: addressSchema,
    reason: correctionReasonSchema,
    redirected: z.boolean(),
  }),
);
/** A delivery recorded by mistake: the shipment is dispatched again. `corrects` names the `ShipmentDelivered`. */
export const shipmentDeliveryReversedContract = eventContract('ShipmentDeliveryReversed', correctionSchema.extend({ orderId: referenceSchema }));

export type ShipmentScheduled = EventOf<typeof shipmentScheduledContract>;
export type ShipmentDispatched = EventOf<typeof shipmentDispatchedContract>;
export type ShipmentDelivered = EventOf<typeof shipmentDeliveredContract>;
export type ShipmentFailed = EventOf<typeof shipmentFailedContract>;
export type ShipmentCancelled = EventOf<typeof shipmentCancelledContract>;
export type ShipmentAddressCorrected = EventOf<typeof shipmentAddressCorrectedContract>;
export type ShipmentDeliveryReversed = EventOf<typeof shipmentDeliveryReversedContract>;
export type ShipmentEvent =
  | ShipmentScheduled
  | ShipmentDispatched
  | ShipmentDelivered
  | ShipmentFailed
  | ShipmentCancelled
  | ShipmentAddressCorrected
  | ShipmentDeliveryReversed;

export const shipmentEvents = new EventCodec<ShipmentEvent>([
  shipmentScheduledContract,
  shipmentDispatchedContract,
  shipmentDeliveredContract,
  shipmentFailedContract,
  shipmentCancelledContract,
  shipmentAddressCorrectedContract,
  shipmentDeliveryReversedContract,
]);

export const scheduleShipmentContract = commandContract('ScheduleShipment', z.object({ orderId: referenceSchema, address: addressSchema }));
export const dispatchShipmentContract = commandContract('DispatchShipment', z.object({ carrier: carrierSchema, trackingNumber: trackingNumberSchema }));
export const deliverShipmentContract = commandContract('DeliverShipment', z.object({}));
export const failShipmentContract = commandContract('FailShipment', z.object({ reason: reasonSchema }));
// only the saga sends it, when the order is cancelled: an order's cancellation is the order's to decide
export const cancelShipmentContract = commandContract('CancelShipment', z.object({ orderId: referenceSchema, reason: reasonSchema }));

// only the saga sends it, when its order's address is corrected
export const correctShipmentAddressContract = commandContract(
  'CorrectShipmentAddress',
  followsCorrectionSchema.extend({ orderId: referenceSchema, address: addressSchema, reason: correctionReasonSchema }),
);
// an operator's correction (the operator API, `npm run repair`)
export const reverseShipmentDeliveryContract = commandContract('ReverseShipmentDelivery', correctionSchema);

export type ScheduleShipment = CommandOf<typeof scheduleShipmentContract>;
export type DispatchShipment = CommandOf<typeof dispatchShipmentContract>;
export type DeliverShipment = CommandOf<typeof deliverShipmentContract>;
export type FailShipment = CommandOf<typeof failShipmentContract>;
export type CancelShipment = CommandOf<typeof cancelShipmentContract>;
export type CorrectShipmentAddress = CommandOf<typeof correctShipmentAddressContract>;
export type ReverseShipmentDelivery = CommandOf<typeof reverseShipmentDeliveryContract>;
export type ShipmentCommand =
  | ScheduleShipment
  | DispatchShipment
  | DeliverShipment
  | FailShipment
  | CancelShipment
  | CorrectShipmentAddress
  | ReverseShipmentDelivery;

export const shipmentCommands = new CommandCodec<ShipmentCommand>([
  scheduleShipmentContract,
  dispatchShipmentContract,
  deliverShipmentContract,
  failShipmentContract,
  cancelShipmentContract,
  correctShipmentAddressContract,
  reverseShipmentDeliveryContract,
]);
