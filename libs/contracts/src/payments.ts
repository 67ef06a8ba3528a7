import { z } from 'zod';
import { CommandCodec, EventCodec, commandContract, eventContract, type CommandOf, type EventOf } from './messages';
import { correctionReasonSchema, followsCorrectionSchema } from './corrections';
import { amountCentsSchema, recordedCurrencySchema } from './money';
import { referenceSchema } from './reference';

// The payments stream: aggregate id = paymentId, which is the orderId (one payment per order).
// Every currency here comes from an OrderPlaced, checked against ISO 4217 when it was placed: a
// payment takes it as recorded, so that an order placed before a code was withdrawn is still paid.
const currencySchema = recordedCurrencySchema;

const paymentTokenSchema = z.string().min(1).max(200);
const reasonSchema = z.string().min(1).max(200);
const declineReasonSchema = z.enum(['card_declined', 'insufficient_funds']);
/** The order's repricing a settlement answers (`OrderRepriced.repricing`). */
const repricingSchema = z.int().min(1);

export const paymentAuthorizedContract = eventContract(
  'PaymentAuthorized',
  z.object({ orderId: referenceSchema, amountCents: amountCentsSchema, currency: currencySchema, token: paymentTokenSchema }),
);
export const paymentDeclinedContract = eventContract(
  'PaymentDeclined',
  z.object({
    orderId: referenceSchema,
    amountCents: amountCentsSchema,
    currency: currencySchema,
    reason: declineReasonSchema,
  }),
);
export const paymentRefundedContract = eventContract(
  'PaymentRefunded',
  z.object({ orderId: referenceSchema, amountCents: amountCentsSchema, currency: currencySchema, reason: reasonSchema }),
);


// A repricing of the order is settled against what the payment holds (docs/corrections.md). Each
// event names the `OrderRepriced` it settles (`correction`) and its number; `amountCents` is what
// moved, `totalCents` what the payment holds afterwards.
export const paymentPartiallyRefundedContract = eventContract(
  'PaymentPartiallyRefunded',
  followsCorrectionSchema.extend({
    orderId: referenceSchema,
    repricing: repricingSchema,
    amountCents: amountCentsSchema,
    totalCents: amountCentsSchema,
    currency: currencySchema,
    // the repricing's own reason, as the operator gave it
    reason: correctionReasonSchema,
  }),
);
export const additionalChargeAuthorizedContract = eventContract(
  'AdditionalChargeAuthorized',
  followsCorrectionSchema.extend({
    orderId: referenceSchema,
    repricing: repricingSchema,
    amountCents: amountCentsSchema,
    totalCents: amountCentsSchema,
    currency: currencySchema,
  }),
);
/** The card refused the difference: the payment holds what it held, and the order goes back to its prices. */
export const additionalChargeDeclinedContract = eventContract(
  'AdditionalChargeDeclined',
  followsCorrectionSchema.extend({
    orderId: referenceSchema,
    repricing: repricingSchema,
    amountCents: amountCentsSchema,
    totalCents: amountCentsSchema,
    currency: currencySchema,
    reason: declineReasonSchema,
  }),
);

export type PaymentAuthorized = EventOf<typeof paymentAuthorizedContract>;
export type PaymentDeclined = EventOf<typeof paymentDeclinedContract>;
export type PaymentRefunded = EventOf<typeof paymentRefundedContract>;
export type PaymentPartiallyRefunded = EventOf<typeof paymentPartiallyRefundedContract>;
export type AdditionalChargeAuthorized = EventOf<typeof additionalChargeAuthorizedContract>;
export type AdditionalChargeDeclined = EventOf<typeof additionalChargeDeclinedContract>;
export type PaymentEvent = PaymentAuthorized | PaymentDeclined | PaymentRefunded | PaymentPartiallyRefunded | AdditionalChargeAuthorized | AdditionalChargeDeclined;
export type PaymentDeclineReason = PaymentDeclined['data']['reason'];

export const paymentEvents = new EventCodec<PaymentEvent>([
  paymentAuthorizedContract,
  paymentDeclinedContract,
  paymentRefundedContract,
  paymentPartiallyRefundedContract,
  additionalChargeAuthorizedContract,
  additionalChargeDeclinedContract,
]);

export const authorizePaymentContract = commandContract(
  'AuthorizePayment',
  z.object({ orderId: referenceSchema, amountCents: amountCentsSchema, currency: currencySchema, token: paymentTokenSchema }),
);
export const refundPaymentContract = commandContract('RefundPayment', z.object({ orderId: referenceSchema, reason: reasonSchema }));

// only the saga sends it, when an order is repriced: the payment comes to hold `totalCents`
export const settleRepricingContract = commandContract(
  'SettleRepricing',
  followsCorrectionSchema.extend({ orderId: referenceSchema, repricing: repricingSchema, totalCents: amountCentsSchema, reason: correctionReasonSchema }),
);

export type AuthorizePayment = CommandOf<typeof authorizePaymentContract>;
export type RefundPayment = CommandOf<typeof refundPaymentContract>;
export type SettleRepricing = CommandOf<typeof settleRepricingContract>;
export type PaymentCommand = AuthorizePayment | RefundPayment | SettleRepricing;

export const paymentCommands = new CommandCodec<PaymentCommand>([authorizePaymentContract, refundPaymentContract, settleRepricingContract]);
