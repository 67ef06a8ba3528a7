import { z } from 'zod';
import { InvalidMessageError, CommandCodec, EventCodec, commandContract, eventContract, type CommandOf, type EventOf } from './messages';
import { correctionSchema, followsCorrectionSchema } from './corrections';
import { addressSchema, amountCentsSchema, currencySchema, minorUnitsFromDecimal, orderLineSchema, orderTotalCents, recordedCurrencySchema } from './money';
import { referenceSchema } from './reference';

// The orders stream: aggregate id = orderId.

/**
 * Why an order was cancelled. The saga and the API use the named ones; the type stays open so
 * that a reason added later is still readable by code written before it.
 */
export type OrderCancellationReason = 'payment_declined' | 'customer_request' | 'shipment_failed' | (string & {});

const cancellationReasonSchema: z.ZodType<OrderCancellationReason> = z.string().min(1).max(200);
const paymentTokenSchema = z.string().min(1).max(200);

const orderPlacedSchema = z.object({
  customerId: referenceSchema,
  // the ISO 4217 list is checked when the order is placed; the fact stays readable if the list changes
  currency: recordedCurrencySchema,
  // facts stay readable whatever the command's limit on lines becomes
  lines: z.array(orderLineSchema).min(1),
  shippingAddress: addressSchema,
  paymentToken: paymentTokenSchema,
  totalCents: amountCentsSchema,
});

/**
 * Version 1 of `OrderPlaced` priced lines as strings of major units (`unitPrice: "12.50"`), had no
 * `totalCents`, and called the postal code `zip`. Anything it does not recognise is passed on
 * unchanged, so that the version-2 schema names the field at fault.
 */
function upcastOrderPlacedV1(data: unknown): unknown {
  if (!isRecord(data)) return data;
  const { lines, shippingAddress, ...rest } = data;
  const currency = typeof data['currency'] === 'string' ? data['currency'] : '';
  const upcastLines = Array.isArray(lines)
    ? lines.map((line: unknown, index) => {
        if (!isRecord(line)) return line;
        const { unitPrice, ...others } = line;
        const unitPriceCents = typeof unitPrice === 'string' ? minorUnitsFromDecimal(unitPrice, currency) : undefined;
        if (unitPriceCents === undefined) {
          throw new InvalidMessageError(`expected an exact decimal amount of major units, got ${JSON.stringify(unitPrice)}`, `data.lines[${index}].unitPrice`);
        }
        return { ...others, unitPriceCents };
      })
    : lines;
  const totalCents = Array.isArray(upcastLines) && upcastLines.every(isPricedLine) ? orderTotalCents(upcastLines) : undefined;
  return {
    ...rest,
    lines: upcastLines,
    shippingAddress: isRecord(shippingAddress) ? upcastAddressV1(shippingAddress) : shippingAddress,
    ...(totalCents === undefined ? {} : { totalCents }),
  };
}

function upcastAddressV1({ zip, ...address }: Record<string, unknown>): Record<string, unknown> {
  return zip === undefined ? address : { ...address, postalCode: zip };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPricedLine(line: unknown): line is { quantity: number; unitPriceCents: number } {
  return isRecord(line) && Number.isSafeInteger(line['quantity']) && Number.isSafeInteger(line['unitPriceCents']);
}

export const orderPlacedContract = eventContract('OrderPlaced', orderPlacedSchema, { schemaVersion: 2, upcasters: { 1: upcastOrderPlacedV1 } });
// carries the address so that shipping can schedule from this event alone (event-carried state)
export const orderConfirmedContract = eventContract('OrderConfirmed', z.object({ paymentId: referenceSchema, shippingAddress: addressSchema }));
export const orderCancelledContract = eventContract('OrderCancelled', z.object({ reason: cancellationReasonSchema, refunded: z.boolean() }));
export const orderShippedContract = eventContract('OrderShipped', z.object({ shipmentId: referenceSchema }));
export const orderDeliveredContract = eventContract('OrderDelivered', z.object({ shipmentId: referenceSchema }));


// Corrections of an order (docs/corrections.md). Each names the event it corrects and why.

/** Which repricing of the order, counted from 1: how the saga's answers find the one they settle. */
const repricingSchema = z.int().min(1);
/** A line of an order by its place in `lines` (from 0), with its SKU to guard against the wrong place. */
const lineIndexSchema = z.int().min(0);
/** One line whose unit price a repricing (or its reversal) changed. */
const repricedLineSchema = z.object({
  line: lineIndexSchema,
  sku: orderLineSchema.shape.sku,
  quantity: orderLineSchema.shape.quantity,
  previousUnitPriceCents: amountCentsSchema,
  unitPriceCents: amountCentsSchema,
});

/** The address was typed wrong; only before the order is dispatched. `previousAddress` is what it replaces. */
export const shippingAddressCorrectedContract = eventContract(
  'ShippingAddressCorrected',
  correctionSchema.extend({ address: addressSchema, previousAddress: addressSchema }),
);
/**
 * Lines were priced wrong. The payment saga settles the difference between the totals: a partial
 * refund, or an additional charge that the card may decline (then `OrderRepricingReverted`).
 */
export const orderRepricedContract = eventContract(
  'OrderRepriced',
  correctionSchema.extend({
    repricing: repricingSchema,
    lines: z.array(repricedLineSchema).min(1),
    previousTotalCents: amountCentsSchema,
    totalCents: amountCentsSchema,
  }),
);
/** The payment took the difference of a repricing: money went back (`refunded`) or was charged. */
export const orderRepricingSettledContract = eventContract(
  'OrderRepricingSettled',
  followsCorrectionSchema.extend({ repricing: repricingSchema, settlement: z.enum(['refunded', 'charged']), amountCents: amountCentsSchema }),
);
/**
 * The compensation of a repricing whose additional charge was declined: the lines go back to the
 * prices the payment holds. `corrects` names the `OrderRepriced`; each line's `previousUnitPriceCents`
 * is the price it had been repriced to.
 */
export const orderRepricingRevertedContract = eventContract(
  'OrderRepricingReverted',
  correctionSchema.extend({
    repricing: repricingSchema,
    lines: z.array(repricedLineSchema).min(1),
    previousTotalCents: amountCentsSchema,
    totalCents: amountCentsSchema,
  }),
);
/** Its shipment's delivery was recorded by mistake: the order is shipped again. `corrects` names the `OrderDelivered`. */
export const orderDeliveryReversedContract = eventContract('OrderDeliveryReversed', correctionSchema.extend({ shipmentId: referenceSchema }));

export type OrderPlaced = EventOf<typeof orderPlacedContract>;
export type OrderConfirmed = EventOf<typeof orderConfirmedContract>;
export type OrderCancelled = EventOf<typeof orderCancelledContract>;
export type OrderShipped = EventOf<typeof orderShippedContract>;
export type OrderDelivered = EventOf<typeof orderDeliveredContract>;
export type ShippingAddressCorrected = EventOf<typeof shippingAddressCorrectedContract>;
export type OrderRepriced = EventOf<typeof orderRepricedContract>;
export type OrderRepricingSettled = EventOf<typeof orderRepricingSettledContract>;
export type OrderRepricingReverted = EventOf<typeof orderRepricingRevertedContract>;
export type OrderDeliveryReversed = EventOf<typeof orderDeliveryReversedContract>;
export type RepricedLine = OrderRepriced['data']['lines'][number];
export type OrderEvent =
  | OrderPlaced
  | OrderConfirmed
  | OrderCancelled
  | OrderShipped
  | OrderDelivered
  | ShippingAddressCorrected
  | OrderRepriced
  | OrderRepricingSettled
  | OrderRepricingReverted
  | OrderDeliveryReversed;

export const orderEvents = new EventCodec<OrderEvent>([
  orderPlacedContract,
  orderConfirmedContract,
  orderCancelledContract,
  orderShippedContract,
  orderDeliveredContract,
  shippingAddressCorrectedContract,
  orderRepricedContract,
  orderRepricingSettledContract,
  orderRepricingRevertedContract,
  orderDeliveryReversedContract,
]);

/** More lines than this is not an order a shop takes in one go; it also bounds the record size. */
export const MAX_ORDER_LINES = 100;

export const placeOrderContract = commandContract(
  'PlaceOrder',
  z.object({
    customerId: referenceSchema,
    currency: currencySchema,
    lines: z.array(orderLineSchema).min(1).max(MAX_ORDER_LINES),
    shippingAddress: addressSchema,
    paymentToken: paymentTokenSchema,
  }),
);
export const confirmOrderContract = commandContract('ConfirmOrder', z.object({ paymentId: referenceSchema }));
export const cancelOrderContract = commandContract('CancelOrder', z.object({ reason: cancellationReasonSchema }));
export const markOrderShippedContract = commandContract('MarkOrderShipped', z.object({ shipmentId: referenceSchema }));
export const markOrderDeliveredContract = commandContract('MarkOrderDelivered', z.object({ shipmentId: referenceSchema }));


// corrections an operator asks for (the operator API, `npm run repair`)
export const correctShippingAddressContract = commandContract('CorrectShippingAddress', correctionSchema.extend({ address: addressSchema }));
export const repriceOrderLinesContract = commandContract(
  'RepriceOrderLines',
  correctionSchema.extend({
    lines: z
      .array(z.object({ line: lineIndexSchema.max(MAX_ORDER_LINES - 1), sku: orderLineSchema.shape.sku, unitPriceCents: amountCentsSchema }))
      .min(1)
      .max(MAX_ORDER_LINES),
  }),
);
// only the saga sends these: what the payment made of a repricing, and a delivery its shipment took back
export const recordRepricingSettlementContract = commandContract(
  'RecordRepricingSettlement',
  followsCorrectionSchema.extend({ repricing: repricingSchema, settlement: z.enum(['refunded', 'charged']), amountCents: amountCentsSchema }),
);
export const revertOrderRepricingContract = commandContract('RevertOrderRepricing', correctionSchema.extend({ repricing: repricingSchema }));
export const reverseOrderDeliveryContract = commandContract('ReverseOrderDelivery', correctionSchema.extend({ shipmentId: referenceSchema }));

export type PlaceOrder = CommandOf<typeof placeOrderContract>;
export type ConfirmOrder = CommandOf<typeof confirmOrderContract>;
export type CancelOrder = CommandOf<typeof cancelOrderContract>;
export type MarkOrderShipped = CommandOf<typeof markOrderShippedContract>;
export type MarkOrderDelivered = CommandOf<typeof markOrderDeliveredContract>;
export type CorrectShippingAddress = CommandOf<typeof correctShippingAddressContract>;
export type RepriceOrderLines = CommandOf<typeof repriceOrderLinesContract>;
export type RecordRepricingSettlement = CommandOf<typeof recordRepricingSettlementContract>;
export type RevertOrderRepricing = CommandOf<typeof revertOrderRepricingContract>;
export type ReverseOrderDelivery = CommandOf<typeof reverseOrderDeliveryContract>;
export type OrderCommand =
  | PlaceOrder
  | ConfirmOrder
  | CancelOrder
  | MarkOrderShipped
  | MarkOrderDelivered
  | CorrectShippingAddress
  | RepriceOrderLines
  | RecordRepricingSettlement
  | RevertOrderRepricing
  | ReverseOrderDelivery;

export const orderCommands = new CommandCodec<OrderCommand>([
  placeOrderContract,
  confirmOrderContract,
  cancelOrderContract,
  markOrderShippedContract,
  markOrderDeliveredContract,
  correctShippingAddressContract,
  repriceOrderLinesContract,
  recordRepricingSettlementContract,
  revertOrderRepricingContract,
  reverseOrderDeliveryContract,
]);
