import { actorSchema, addressSchema, amountCentsSchema, idSchema, orderLineSchema } from '@rewind/contracts';
import type { OrderState } from '@rewind/orders-domain';
import { orderViewSchema } from '@rewind/orders-read-models';
import { z } from 'zod';
import { describes } from '../openapi/describes';
import { CURSOR_PATTERN } from '../read-models/cursor';
import type { CorrectionMark } from './order-rewind';

const instant = z.string().meta({ format: 'date-time' });

/** `GET /orders`: a page of the orders read model. */
export const orderPageSchema = z.object({
  items: z.array(orderViewSchema),
  nextCursor: z.string().regex(CURSOR_PATTERN).optional().describe('Present only when another page may follow: pass it as `cursor`'),
});

/** One line whose unit price a repricing changed, as the order's decider keeps it to revert it. */
export const repricedLineSchema = z.object({
  line: z.int().min(0),
  sku: z.string(),
  quantity: z.int().min(1),
  previousUnitPriceCents: amountCentsSchema,
  unitPriceCents: amountCentsSchema,
});

/** The latest repricing of an order and where its settlement stands. */
export const repricingSchema = z.object({
  number: z.int().min(1).describe('Counted from 1'),
  status: z.enum(['pending', 'settled', 'reverted']),
  lines: z.array(repricedLineSchema).describe('The lines it changed, each with its price before and after: what a reversal restores'),
  previousTotalCents: amountCentsSchema,
});

const orderDetails = {
  customerId: z.string(),
  currency: z.string(),
  lines: z.array(orderLineSchema),
  totalCents: amountCentsSchema,
  shippingAddress: addressSchema,
  paymentToken: z.string().describe('Always `[redacted]`: the token stays on the write side'),
  repricing: repricingSchema.optional().describe('The latest repricing (a correction of the prices), once there has been one'),
};

/** The order aggregate as its decider sees it (`OrderState` of @rewind/orders-domain), held to that type. */
export const orderStateSchema = describes<OrderState>()(
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('none') }),
    z.object({ ...orderDetails, status: z.literal('placed') }),
    z.object({ ...orderDetails, status: z.literal('confirmed'), paymentId: z.string() }),
    z.object({ ...orderDetails, status: z.literal('shipped'), paymentId: z.string(), shipmentId: z.string() }),
    z.object({ ...orderDetails, status: z.literal('delivered'), paymentId: z.string(), shipmentId: z.string() }),
    z.object({
      ...orderDetails,
      status: z.literal('cancelled'),
      paymentId: z.string().optional().describe('Present when the order was confirmed before it was cancelled'),
      shipmentId: z.string().optional().describe('Present when the order was shipped before it was cancelled: its shipment failed'),
      reason: z.string(),
      refunded: z.boolean(),
    }),
  ]),
);

/** A correction in the order's own stream, as a rewind names it. */
export const correctionMarkSchema = describes<CorrectionMark>()(
  z.object({
    eventId: idSchema,
    type: z.string(),
    version: z.int().min(1),
    occurredAt: instant,
    corrects: idSchema.describe('The event it corrects'),
    reason: z.string().optional(),
    actor: actorSchema.optional().describe('Who made the correction'),
  }),
);

/** `GET /orders/:id/state`: the order rewound to a point of its history. */
export const rewoundOrderSchema = z.object({
  orderId: z.string(),
  version: z.int().min(1).describe('The version of the last event folded'),
  occurredAt: instant.describe('When the last event folded occurred'),
  actor: actorSchema.optional().describe('Who caused the last event folded; absent for an event from before identities'),
  state: orderStateSchema,
  corrections: z.array(correctionMarkSchema).optional().describe('The corrections folded into this state; absent when none'),
  correctedLater: z
    .array(correctionMarkSchema)
    .optional()
    .describe('Corrections made after this point of events folded into it: this state holds facts since corrected. Absent when none'),
});
