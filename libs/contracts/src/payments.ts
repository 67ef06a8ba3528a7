import { z } from 'zod';
import { CommandCodec, EventCodec, commandContract, eventContract, type CommandOf, type EventOf } from './messages';
import { amountCentsSchema, recordedCurrencySchema } from './money';
import { referenceSchema } from './reference';

// The payments stream: aggregate id = paymentId, which is the orderId (one payment per order).
// Every currency here comes from an OrderPlaced, checked against ISO 4217 when it was placed: a
// payment takes it as recorded, so that an order placed before a code was withdrawn is still paid.
const currencySchema = recordedCurrencySchema;

const paymentTokenSchema = z.string().min(1).max(200);
const reasonSchema = z.string().min(1).max(200);

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
    reason: z.enum(['card_declined', 'insufficient_funds']),
  }),
);
export const paymentRefundedContract = eventContract(
  'PaymentRefunded',
  z.object({ orderId: referenceSchema, amountCents: amountCentsSchema, currency: currencySchema, reason: reasonSchema }),
);

export type PaymentAuthorized = EventOf<typeof paymentAuthorizedContract>;
export type PaymentDeclined = EventOf<typeof paymentDeclinedContract>;
export type PaymentRefunded = EventOf<typeof paymentRefundedContract>;
export type PaymentEvent = PaymentAuthorized | PaymentDeclined | PaymentRefunded;
export type PaymentDeclineReason = PaymentDeclined['data']['reason'];

export const paymentEvents = new EventCodec<PaymentEvent>([paymentAuthorizedContract, paymentDeclinedContract, paymentRefundedContract]);

export const authorizePaymentContract = commandContract(
  'AuthorizePayment',
  z.object({ orderId: referenceSchema, amountCents: amountCentsSchema, currency: currencySchema, token: paymentTokenSchema }),
);
export const refundPaymentContract = commandContract('RefundPayment', z.object({ orderId: referenceSchema, reason: reasonSchema }));

export type AuthorizePayment = CommandOf<typeof authorizePaymentContract>;
export type RefundPayment = CommandOf<typeof refundPaymentContract>;
export type PaymentCommand = AuthorizePayment | RefundPayment;

export const paymentCommands = new CommandCodec<PaymentCommand>([authorizePaymentContract, refundPaymentContract]);
