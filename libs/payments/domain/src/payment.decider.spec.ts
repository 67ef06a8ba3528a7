import { paymentEvents, type PaymentDeclineReason } from '@rewind/contracts';
import { fold } from '@rewind/decider';
import { given } from '@rewind/decider/testing';
import { paymentDecider, simulatedGateway, type PaymentDomainCommand, type PaymentDomainEvent, type PaymentState } from './payment.decider';

const charge = { orderId: 'order-1', amountCents: 2521, currency: 'EUR' };

const meta = { aggregateId: 'order-1', commandId: 'cmd-1', issuedAt: '2026-01-02T03:04:05.000Z' };
const authorize = (token = 'tok_visa', data: Partial<typeof charge> = {}): PaymentDomainCommand => ({
  ...meta,
  type: 'AuthorizePayment',
  data: { ...charge, token, ...data },
});
const refund = (reason = 'customer_request', orderId = 'order-1'): PaymentDomainCommand => ({ ...meta, type: 'RefundPayment', data: { orderId, reason } });

const authorized = (token = 'tok_visa'): PaymentDomainEvent => ({ type: 'PaymentAuthorized', data: { ...charge, token } });
const declined = (reason: PaymentDeclineReason = 'card_declined'): PaymentDomainEvent => ({ type: 'PaymentDeclined', data: { ...charge, reason } });
const refunded = (reason = 'customer_request'): PaymentDomainEvent => ({ type: 'PaymentRefunded', data: { ...charge, reason } });

// repricings of the order, settled against the payment
const EVENT_REPRICED = '1e2d3c4b-5a69-4788-9a7b-6c5d4e3f2a10';
const settle = (totalCents: number, repricing = 1, orderId = 'order-1'): PaymentDomainCommand => ({
  ...meta,
  type: 'SettleRepricing',
  data: { correction: EVENT_REPRICED, orderId, repricing, totalCents, reason: 'MUG is 11.50' },
});
const partiallyRefunded = (amountCents: number, totalCents: number, repricing = 1): PaymentDomainEvent => ({
  type: 'PaymentPartiallyRefunded',
  data: { correction: EVENT_REPRICED, orderId: 'order-1', repricing, amountCents, totalCents, currency: 'EUR', reason: 'MUG is 11.50' },
});
const charged = (amountCents: number, totalCents: number, repricing = 1): PaymentDomainEvent => ({
  type: 'AdditionalChargeAuthorized',
  data: { correction: EVENT_REPRICED, orderId: 'order-1', repricing, amountCents, totalCents, currency: 'EUR' },
});
const chargeDeclined = (amountCents: number, repricing = 1): PaymentDomainEvent => ({
  type: 'AdditionalChargeDeclined',
  data: { correction: EVENT_REPRICED, orderId: 'order-1', repricing, amountCents, totalCents: 2521, currency: 'EUR', reason: 'card_declined' },
});

const histories = {
  none: [],
  authorized: [authorized()],
  declined: [declined()],
  refunded: [authorized(), refunded()],
} satisfies Record<string, PaymentDomainEvent[]>;

describe('the simulated gateway', () => {
  it.each(['tok_visa', 'tok_visa_debit', 'tok_mastercard', 'tok_mastercard_prepaid'])('authorises %s', (token) => {
    expect(simulatedGateway(token)).toEqual({ outcome: 'authorized' });
  });

  it.each([
    ['tok_chargeDeclined', 'card_declined'],
    ['tok_insufficientFunds', 'insufficient_funds'],
    ['tok_unknown', 'card_declined'],
    ['visa', 'card_declined'],
  ])('declines %s with %s', (token, reason) => {
    expect(simulatedGateway(token)).toEqual({ outcome: 'declined', reason });
  });

  it('authorises tok_visaAdditionalDeclined for the order, and declines any additional charge on it', () => {
    expect(simulatedGateway('tok_visaAdditionalDeclined')).toEqual({ outcome: 'authorized' });
    expect(simulatedGateway('tok_visaAdditionalDeclined', 'additional')).toEqual({ outcome: 'declined', reason: 'card_declined' });
    expect(simulatedGateway('tok_visa', 'additional')).toEqual({ outcome: 'authorized' });
  });
});

describe('the payments decider', () => {
  describe('AuthorizePayment', () => {
    it('authorises a payment the gateway accepts', () => {
      given(paymentDecider, histories.none).when(authorize('tok_mastercard')).then([authorized('tok_mastercard')]);
    });

    it('records a decline with the reason the gateway gave', () => {
      given(paymentDecider, histories.none).when(authorize('tok_chargeDeclined')).then([declined('card_declined')]);
      given(paymentDecider, histories.none).when(authorize('tok_insufficientFunds')).then([declined('insufficient_funds')]);
    });

    it('takes the amount, currency and order from the command', () => {
      given(paymentDecider, histories.none)
        .when(authorize('tok_visa', { orderId: 'order-9', amountCents: 100, currency: 'JPY' }))
        .then([{ type: 'PaymentAuthorized', data: { orderId: 'order-9', amountCents: 100, currency: 'JPY', token: 'tok_visa' } }]);
    });

    it.each(Object.entries(histories).filter(([status]) => status !== 'none'))(
      'accepts a redelivery for the same order on a %s payment, charging nothing',
      (_, history) => {
        given(paymentDecider, history).when(authorize()).then([]);
        given(paymentDecider, history).when(authorize('tok_chargeDeclined')).then([]);
      },
    );

    it.each(Object.entries(histories).filter(([status]) => status !== 'none'))('refuses a payment for another order on a %s payment', (_, history) => {
      given(paymentDecider, history)
        .when(authorize('tok_visa', { orderId: 'order-2' }))
        .thenRefused('payment_already_exists');
    });
  });

  describe('RefundPayment', () => {
    it('refunds the full amount of an authorised payment', () => {
      given(paymentDecider, histories.authorized).when(refund('shipment_failed')).then([refunded('shipment_failed')]);
    });

    it('accepts a repeat on a refunded payment, giving nothing back twice', () => {
      given(paymentDecider, histories.refunded).when(refund()).then([]);
      given(paymentDecider, histories.refunded).when(refund('shipment_failed')).then([]);
    });

    it('refuses to refund a declined payment', () => {
      given(paymentDecider, histories.declined).when(refund()).thenRefused('payment_not_authorized');
    });

    it('refuses a payment that does not exist', () => {
      given(paymentDecider, histories.none).when(refund()).thenRefused('payment_not_found');
    });

    it.each(['authorized', 'declined', 'refunded'] as const)('refuses a refund for another order on a %s payment', (status) => {
      given(paymentDecider, histories[status]).when(refund('customer_request', 'order-2')).thenRefused('order_mismatch');
    });
  });

  describe('SettleRepricing', () => {
    it('refunds the difference when the order was repriced down', () => {
      given(paymentDecider, histories.authorized).when(settle(2321)).then([partiallyRefunded(200, 2321)]);
    });

    it('charges the card the difference when the order was repriced up', () => {
      given(paymentDecider, histories.authorized).when(settle(2621)).then([charged(100, 2621)]);
    });

    it('records a declined additional charge, holding what it held, so that the order goes back', () => {
      given(paymentDecider, [authorized('tok_visaAdditionalDeclined')]).when(settle(2621)).then([chargeDeclined(100)]);
    });

    it('settles each repricing against what it holds after the one before', () => {
      const history = [...histories.authorized, partiallyRefunded(200, 2321)];
      given(paymentDecider, history).when(settle(2400, 2)).then([charged(79, 2400, 2)]);
      expect(fold(paymentDecider, [...history, charged(79, 2400, 2)])).toEqual<PaymentState>({
        status: 'authorized',
        ...charge,
        amountCents: 2400,
        token: 'tok_visa',
        settledRepricing: 2,
      });
    });

    it('refunds, on a cancel, what the payment holds after its repricings', () => {
      given(paymentDecider, [...histories.authorized, charged(100, 2621)])
        .when(refund())
        .then([{ type: 'PaymentRefunded', data: { ...charge, amountCents: 2621, reason: 'customer_request' } }]);
    });

    it('changes nothing for a repricing settled already, whatever its outcome was', () => {
      given(paymentDecider, [...histories.authorized, partiallyRefunded(200, 2321)]).when(settle(2321)).then([]);
      given(paymentDecider, [authorized('tok_visaAdditionalDeclined'), chargeDeclined(100)]).when(settle(2621)).then([]);
    });

    it('has nothing to settle on a declined or refunded payment', () => {
      given(paymentDecider, histories.declined).when(settle(2321)).then([]);
      given(paymentDecider, histories.refunded).when(settle(2321)).then([]);
    });

    it('refuses a payment that does not exist, or that belongs to another order', () => {
      given(paymentDecider, histories.none).when(settle(2321)).thenRefused('payment_not_found');
      given(paymentDecider, histories.authorized).when(settle(2321, 1, 'order-2')).thenRefused('order_mismatch');
    });
  });

  it('gives every refusal a message for people', () => {
    const decision = paymentDecider.decide(refund(), fold(paymentDecider, histories.declined));
    expect(decision).toEqual({ kind: 'refused', code: 'payment_not_authorized', message: expect.stringContaining('order-1') });
  });

  describe('evolve', () => {
    it('folds an authorised and refunded payment', () => {
      expect(fold(paymentDecider, histories.refunded)).toEqual<PaymentState>({
        status: 'refunded',
        ...charge,
        token: 'tok_visa',
        refundReason: 'customer_request',
      });
    });

    it('folds a declined payment with its reason', () => {
      expect(fold(paymentDecider, [declined('insufficient_funds')])).toEqual<PaymentState>({ status: 'declined', ...charge, reason: 'insufficient_funds' });
    });

    it('leaves the state as it is for an event that does not follow from it', () => {
      const state = fold(paymentDecider, histories.declined);
      for (const event of [authorized(), declined(), refunded(), partiallyRefunded(200, 2321), charged(100, 2621), chargeDeclined(100)]) {
        expect(paymentDecider.evolve(state, event)).toBe(state);
      }
      expect(fold(paymentDecider, [refunded()])).toEqual({ status: 'none' });
    });

    it('folds events as they are decoded from the log', () => {
      const envelope = {
        schemaVersion: 1,
        aggregateId: 'order-1',
        occurredAt: '2026-01-02T03:04:05.678Z',
        commandId: 'cmd-1',
        correlationId: 'corr-1',
        causationId: 'evt-1',
      };
      const records = [
        { ...envelope, eventId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a', aggregateVersion: 1, ...authorized() },
        { ...envelope, eventId: '6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b', aggregateVersion: 2, ...refunded('shipment_failed') },
      ].map((record) => paymentEvents.decode(JSON.stringify(record)));

      expect(fold(paymentDecider, records)).toEqual<PaymentState>({ status: 'refunded', ...charge, token: 'tok_visa', refundReason: 'shipment_failed' });
    });
  });
});
