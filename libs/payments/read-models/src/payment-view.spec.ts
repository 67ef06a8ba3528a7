import type { PaymentEvent } from '@rewind/contracts';
import { evolvePaymentView, type PaymentView } from './payment-view';

const meta = (aggregateVersion: number, minute: number) => ({
  eventId: `00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`,
  schemaVersion: 1,
  aggregateId: 'order-1',
  aggregateVersion,
  occurredAt: `2026-11-27T10:0${minute}:00.000Z`,
  commandId: 'c',
  correlationId: 'r',
  causationId: 'c',
});

describe('the payment view', () => {
  it('follows a payment from authorised to refunded', () => {
    const events: PaymentEvent[] = [
      { ...meta(1, 1), type: 'PaymentAuthorized', data: { orderId: 'order-1', amountCents: 4400, currency: 'EUR', token: 'tok_visa' } },
      { ...meta(2, 5), type: 'PaymentRefunded', data: { orderId: 'order-1', amountCents: 4400, currency: 'EUR', reason: 'customer_request' } },
    ];
    expect(events.reduce<PaymentView | undefined>(evolvePaymentView, undefined)).toEqual({
      paymentId: 'order-1',
      orderId: 'order-1',
      status: 'refunded',
      amountCents: 4400,
      currency: 'EUR',
      refundReason: 'customer_request',
      version: 2,
      updatedAt: '2026-11-27T10:05:00.000Z',
    });
  });

  it('follows the repricings of its order: what it holds, and each settlement with the correction it settles', () => {
    const settlement = { orderId: 'order-1', currency: 'EUR', correction: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d' };
    const events: PaymentEvent[] = [
      { ...meta(1, 1), type: 'PaymentAuthorized', data: { orderId: 'order-1', amountCents: 4400, currency: 'EUR', token: 'tok_visa' } },
      { ...meta(2, 2), type: 'PaymentPartiallyRefunded', data: { ...settlement, repricing: 1, amountCents: 200, totalCents: 4200, reason: 'MUG is 11.50' } },
      { ...meta(3, 3), type: 'AdditionalChargeDeclined', data: { ...settlement, repricing: 2, amountCents: 300, totalCents: 4200, reason: 'card_declined' } },
      { ...meta(4, 4), type: 'AdditionalChargeAuthorized', data: { ...settlement, repricing: 3, amountCents: 100, totalCents: 4300 } },
    ];
    expect(events.reduce<PaymentView | undefined>(evolvePaymentView, undefined)).toEqual({
      paymentId: 'order-1',
      orderId: 'order-1',
      status: 'authorized',
      amountCents: 4300,
      currency: 'EUR',
      settlements: [
        { repricing: 1, kind: 'partial_refund', amountCents: 200, correction: settlement.correction, occurredAt: '2026-11-27T10:02:00.000Z' },
        { repricing: 2, kind: 'additional_charge_declined', amountCents: 300, correction: settlement.correction, declineReason: 'card_declined', occurredAt: '2026-11-27T10:03:00.000Z' },
        { repricing: 3, kind: 'additional_charge', amountCents: 100, correction: settlement.correction, occurredAt: '2026-11-27T10:04:00.000Z' },
      ],
      version: 4,
      updatedAt: '2026-11-27T10:04:00.000Z',
    });
  });

  it('keeps the reason of a decline', () => {
    const declined: PaymentEvent = { ...meta(1, 1), type: 'PaymentDeclined', data: { orderId: 'order-1', amountCents: 4400, currency: 'EUR', reason: 'insufficient_funds' } };
    expect(evolvePaymentView(undefined, declined)).toMatchObject({ status: 'declined', declineReason: 'insufficient_funds', version: 1 });
  });
});
