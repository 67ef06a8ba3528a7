import { actorText, addressText, formatInstant, formatMoney, formatSeconds, settlementText, shipmentDetails } from './format';

describe('formatMoney', () => {
  it('shows minor units in their currency', () => {
    expect([formatMoney(2500, 'EUR'), formatMoney(1999, 'USD'), formatMoney(250, undefined), formatMoney(undefined, 'EUR')]).toEqual(['€25.00', '$19.99', '2.50', '']);
  });
});

describe('formatInstant', () => {
  it('shows an ISO instant as a UTC date and time', () => {
    expect(formatInstant('2026-11-27T10:00:01.204Z')).toBe('2026-11-27 10:00:01.204');
  });
});

describe('formatSeconds', () => {
  it('shows seconds, and minutes past a minute', () => {
    expect([formatSeconds(42.4), formatSeconds(65), formatSeconds(-1)]).toEqual(['42 s', '1 min 5 s', '0 s']);
  });
});

describe('addressText', () => {
  it('puts an address on one line, the postal code before the city', () => {
    expect(addressText({ name: 'Ada Lovelace', line1: 'Invalidenstraße 171', city: 'Berlin', postalCode: '10115', country: 'DE' })).toBe(
      'Ada Lovelace, Invalidenstraße 171, 10115 Berlin, DE',
    );
  });
});

describe('shipmentDetails', () => {
  it('says a cancelled shipment whose parcel had left is recalled, with its tracking and the reason', () => {
    expect(shipmentDetails({ status: 'cancelled', carrier: 'DHL', trackingNumber: 'JD01', cancellationReason: 'customer_request', recalled: true })).toBe(
      'DHL · JD01 · customer_request · recalled: the parcel comes back',
    );
  });

  it('says only why for a shipment cancelled before it left, and only the tracking for one under way', () => {
    expect(shipmentDetails({ status: 'cancelled', cancellationReason: 'customer_request', recalled: false })).toBe('customer_request');
    expect(shipmentDetails({ status: 'dispatched', carrier: 'DHL', trackingNumber: 'JD01' })).toBe('DHL · JD01');
    expect(shipmentDetails({ status: 'failed', carrier: 'DHL', trackingNumber: 'JD01', failureReason: 'lost_in_transit' })).toBe('DHL · JD01 · lost_in_transit');
  });
});

describe('corrections in words', () => {
  it('says a shipment was redirected, and how many deliveries were reversed', () => {
    expect(shipmentDetails({ status: 'dispatched', carrier: 'DHL', redirected: true, deliveriesReversed: 1 })).toBe(
      'DHL · redirected to the corrected address · a delivery reversed as recorded by mistake',
    );
  });

  it('says how a repricing was settled', () => {
    expect(settlementText({ kind: 'partial_refund', amountCents: 200 }, 'EUR')).toBe('€2.00 refunded');
    expect(settlementText({ kind: 'additional_charge', amountCents: 100 }, 'EUR')).toBe('€1.00 charged');
    expect(settlementText({ kind: 'additional_charge_declined', amountCents: 300, declineReason: 'card_declined' }, 'EUR')).toBe(
      '€3.00 more declined (card_declined): the prices went back',
    );
  });
});

describe('actorText', () => {
  it('names a person with its role, a service with whether it reacted, and says when nobody was recorded', () => {
    expect([
      actorText({ kind: 'person', subject: 'cus_1', role: 'customer' }),
      actorText({ kind: 'service', service: 'payments', trigger: '1f0c3a52-9a3c-4a8e-9f61-2b8f3c1d9e11' }),
      actorText({ kind: 'service', service: 'repair-cli' }),
      actorText(undefined),
    ]).toEqual(['cus_1 (customer)', 'payments (reacting)', 'repair-cli', 'not recorded']);
  });
});
