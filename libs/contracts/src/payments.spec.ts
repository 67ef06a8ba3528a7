import { paymentCommands, paymentEvents, type PaymentCommand, type PaymentEvent } from './payments';
import { refusal } from './testing/refusal';

const meta = {
  eventId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  schemaVersion: 1,
  aggregateId: 'order-1',
  aggregateVersion: 1,
  occurredAt: '2026-01-02T03:04:05.678Z',
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: 'evt-1',
};

const authorized: PaymentEvent = {
  ...meta,
  type: 'PaymentAuthorized',
  data: { orderId: 'order-1', amountCents: 4421, currency: 'EUR', token: 'tok_visa' },
};

const authorize: PaymentCommand = {
  commandId: 'order-1:authorize',
  type: 'AuthorizePayment',
  aggregateId: 'order-1',
  issuedAt: '2026-01-02T03:04:05.000Z',
  correlationId: 'corr-1',
  causationId: 'evt-1',
  data: { orderId: 'order-1', amountCents: 4421, currency: 'EUR', token: 'tok_visa' },
};


const settlement = { correction: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d', orderId: 'order-1', repricing: 1, currency: 'EUR' };

describe('payment contracts', () => {
  it.each<PaymentEvent>([
    authorized,
    { ...meta, type: 'PaymentDeclined', data: { orderId: 'order-1', amountCents: 4421, currency: 'EUR', reason: 'insufficient_funds' } },
    { ...meta, aggregateVersion: 2, type: 'PaymentRefunded', data: { orderId: 'order-1', amountCents: 4421, currency: 'EUR', reason: 'customer_request' } },
    { ...meta, aggregateVersion: 2, type: 'PaymentPartiallyRefunded', data: { ...settlement, amountCents: 200, totalCents: 4221, reason: 'MUG is 11.50' } },
    { ...meta, aggregateVersion: 2, type: 'AdditionalChargeAuthorized', data: { ...settlement, amountCents: 100, totalCents: 4521 } },
    { ...meta, aggregateVersion: 2, type: 'AdditionalChargeDeclined', data: { ...settlement, amountCents: 100, totalCents: 4421, reason: 'card_declined' } },
  ])('round-trips $type', (event) => {
    expect(paymentEvents.decode(paymentEvents.encode(event))).toEqual(event);
  });

  it.each<PaymentCommand>([
    authorize,
    { ...authorize, type: 'RefundPayment', data: { orderId: 'order-1', reason: 'shipment_failed' } },
    { ...authorize, type: 'SettleRepricing', data: { correction: settlement.correction, orderId: 'order-1', repricing: 1, totalCents: 4221, reason: 'MUG is 11.50' } },
  ])(
    'round-trips $type',
    (command) => {
      expect(paymentCommands.decode(paymentCommands.encode(command))).toEqual(command);
    },
  );

  it('refuses an amount in floating point', () => {
    const record = JSON.stringify({ ...authorized, data: { ...authorized.data, amountCents: 44.21 } });
    expect(refusal(() => paymentEvents.decode(record)).path).toBe('data.amountCents');
    expect(refusal(() => paymentCommands.validate({ ...authorize, data: { ...authorize.data, amountCents: 0.1 } })).path).toBe('data.amountCents');
  });

  it('refuses a decline reason it does not know', () => {
    const record = JSON.stringify({ ...authorized, type: 'PaymentDeclined', data: { ...authorized.data, token: undefined, reason: 'bad_luck' } });
    expect(refusal(() => paymentEvents.decode(record)).path).toBe('data.reason');
  });

  it('refuses a currency that is not even shaped as an ISO 4217 code', () => {
    expect(refusal(() => paymentCommands.validate({ ...authorize, data: { ...authorize.data, currency: '€' } })).path).toBe('data.currency');
  });

  it('takes the currency of an order as it was recorded, even one ISO 4217 has withdrawn since', () => {
    expect(paymentCommands.validate({ ...authorize, data: { ...authorize.data, currency: 'HRK' } }).data).toMatchObject({ currency: 'HRK' });
    expect(paymentEvents.decode(JSON.stringify({ ...authorized, data: { ...authorized.data, currency: 'XYZ' } })).data).toMatchObject({ currency: 'XYZ' });
  });

  it('refuses an unknown type', () => {
    expect(refusal(() => paymentEvents.decode(JSON.stringify({ ...authorized, type: 'PaymentTeleported' }))).path).toBe('type');
    expect(refusal(() => paymentCommands.validate({ ...authorize, type: 'StealPayment' })).path).toBe('type');
  });
});
