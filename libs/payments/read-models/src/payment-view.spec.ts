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

  it('keeps the reason of a decline', () => {
    const declined: PaymentEvent = { ...meta(1, 1), type: 'PaymentDeclined', data: { orderId: 'order-1', amountCents: 4400, currency: 'EUR', reason: 'insufficient_funds' } };
    expect(evolvePaymentView(undefined, declined)).toMatchObject({ status: 'declined', declineReason: 'insufficient_funds', version: 1 });
  });
});
