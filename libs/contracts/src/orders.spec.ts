import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orderCommands, orderEvents, orderPlacedContract, type OrderEvent, type PlaceOrder } from './orders';
import { refusal } from './testing/refusal';

const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };

const meta = {
  eventId: '0b8e9a52-3c1d-4f6e-8a7b-9c0d1e2f3a4b',
  schemaVersion: 2,
  aggregateId: 'order-1',
  aggregateVersion: 1,
  occurredAt: '2026-01-02T03:04:05.678Z',
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
};

const placed: OrderEvent = {
  ...meta,
  type: 'OrderPlaced',
  data: {
    customerId: 'cus_1',
    currency: 'EUR',
    lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
    shippingAddress: address,
    paymentToken: 'tok_visa',
    totalCents: 2500,
  },
};

const placeOrder: PlaceOrder = {
  commandId: 'cmd-1',
  type: 'PlaceOrder',
  aggregateId: 'order-1',
  issuedAt: '2026-01-02T03:04:05.000Z',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  data: {
    customerId: 'cus_1',
    currency: 'EUR',
    lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
    shippingAddress: address,
    paymentToken: 'tok_visa',
  },
};


const corrects = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const reason = 'MUG is 11.50 since November (ticket 4711)';
const repricedLine = { line: 0, sku: 'MUG', quantity: 2, previousUnitPriceCents: 1250, unitPriceCents: 1150 };

const withData = (data: Record<string, unknown>) => JSON.stringify({ ...placed, data: { ...placed.data, ...data } });

describe('order contracts', () => {
  describe('events', () => {
    it.each<OrderEvent>([
      placed,
      { ...meta, aggregateVersion: 2, schemaVersion: 1, type: 'OrderConfirmed', data: { paymentId: 'order-1', shippingAddress: address } },
      { ...meta, aggregateVersion: 2, schemaVersion: 1, type: 'OrderCancelled', data: { reason: 'payment_declined', refunded: false } },
      { ...meta, aggregateVersion: 3, schemaVersion: 1, type: 'OrderShipped', data: { shipmentId: 'shp-1' } },
      { ...meta, aggregateVersion: 4, schemaVersion: 1, type: 'OrderDelivered', data: { shipmentId: 'shp-1' } },
      { ...meta, aggregateVersion: 2, schemaVersion: 1, type: 'ShippingAddressCorrected', data: { corrects, reason, address: { ...address, city: 'Potsdam' }, previousAddress: address } },
      { ...meta, aggregateVersion: 3, schemaVersion: 1, type: 'OrderRepriced', data: { corrects, reason, repricing: 1, lines: [repricedLine], previousTotalCents: 2500, totalCents: 2300 } },
      { ...meta, aggregateVersion: 4, schemaVersion: 1, type: 'OrderRepricingSettled', data: { correction: corrects, repricing: 1, settlement: 'refunded', amountCents: 200 } },
      { ...meta, aggregateVersion: 4, schemaVersion: 1, type: 'OrderRepricingReverted', data: { corrects, reason, repricing: 1, lines: [repricedLine], previousTotalCents: 2300, totalCents: 2500 } },
      { ...meta, aggregateVersion: 5, schemaVersion: 1, type: 'OrderDeliveryReversed', data: { corrects, reason, shipmentId: 'shp-1' } },
    ])('round-trips $type', (event) => {
      expect(orderEvents.decode(orderEvents.encode(event))).toEqual(event);
    });

    it('writes OrderPlaced at schema version 2', () => {
      expect(JSON.parse(orderEvents.encode({ ...placed, schemaVersion: 1 }))).toMatchObject({ schemaVersion: 2 });
    });

    it.each([
      ['data.lines[0].quantity', { lines: [{ sku: 'MUG', quantity: 0, unitPriceCents: 1250 }] }],
      ['data.lines[0].unitPriceCents', { lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 12.5 }] }],
      ['data.totalCents', { totalCents: 25.0001 }],
      ['data.currency', { currency: 'eur' }],
      ['data.shippingAddress.country', { shippingAddress: { ...address, country: 'Germany' } }],
      ['data.lines', { lines: [] }],
    ])('refuses a payload with a bad %s', (path, data) => {
      const error = refusal(() => orderEvents.decode(withData(data)));
      expect(error.path).toBe(path);
    });

    it('still reads an OrderPlaced recorded with a currency ISO 4217 does not list: the log is history, checked when it was new', () => {
      expect(orderEvents.decode(withData({ currency: 'XYZ' })).data).toMatchObject({ currency: 'XYZ' });
    });

    it('refuses to write an invalid event', () => {
      expect(refusal(() => orderEvents.encode({ ...placed, data: { ...placed.data, totalCents: -1 } })).path).toBe('data.totalCents');
    });

    it('refuses an unknown event type', () => {
      expect(refusal(() => orderEvents.decode(JSON.stringify({ ...placed, type: 'OrderTeleported' }))).path).toBe('type');
    });

    it('refuses a schema version newer than it knows', () => {
      expect(refusal(() => orderEvents.decode(JSON.stringify({ ...placed, schemaVersion: 3 }))).path).toBe('schemaVersion');
    });
  });

  describe('OrderPlaced version 1', () => {
    const fixture = readFileSync(join(__dirname, '../fixtures/order-placed.v1.json'), 'utf8');
    const v1 = JSON.parse(fixture);

    it('decodes to the current payload: prices in cents, a total, a postal code', () => {
      expect(orderEvents.decode(fixture)).toEqual({
        ...v1,
        schemaVersion: 2,
        data: {
          customerId: 'cus_4821',
          currency: 'EUR',
          lines: [
            { sku: 'MUG-ESPRESSO-WHT', quantity: 2, unitPriceCents: 1250 },
            { sku: 'STICKER-LOGO', quantity: 3, unitPriceCents: 7 },
            { sku: 'BEANS-ETHIOPIA-1KG', quantity: 1, unitPriceCents: 1900 },
          ],
          shippingAddress: { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' },
          paymentToken: 'tok_visa',
          totalCents: 4421,
        },
      });
    });

    const upcast = (unitPrice: unknown, currency = 'EUR') => {
      const upcaster = orderPlacedContract.upcasters[1];
      if (!upcaster) throw new Error('no upcaster from version 1');
      return upcaster({ ...v1.data, currency, lines: [{ sku: 'X', quantity: 3, unitPrice }] });
    };

    it.each([
      ['12.5', 'EUR', 1250],
      ['12', 'EUR', 1200],
      ['0.07', 'EUR', 7],
      ['0.10', 'EUR', 10],
      ['0', 'EUR', 0],
      ['1200', 'JPY', 1200],
      ['1.234', 'KWD', 1234],
    ])('converts a unit price of %p %s exactly, to %p', (unitPrice, currency, cents) => {
      expect(upcast(unitPrice, currency)).toMatchObject({ lines: [{ sku: 'X', quantity: 3, unitPriceCents: cents }], totalCents: 3 * cents });
    });

    it.each(['12.505', '-1', '1e3', '12,50', '', 12.5, undefined])('refuses a unit price of %p, naming it', (unitPrice) => {
      expect(refusal(() => upcast(unitPrice)).path).toBe('data.lines[0].unitPrice');
    });

    it('refuses through the codec a version 1 event whose prices it cannot read exactly', () => {
      const record = JSON.stringify({ ...v1, data: { ...v1.data, lines: [v1.data.lines[0], { sku: 'X', quantity: 1, unitPrice: '0.001' }] } });
      expect(refusal(() => orderEvents.decode(record)).path).toBe('data.lines[1].unitPrice');
    });

    it('leaves the current schema to name what else is wrong', () => {
      const record = JSON.stringify({ ...v1, data: { ...v1.data, shippingAddress: { ...v1.data.shippingAddress, zip: undefined } } });
      expect(refusal(() => orderEvents.decode(record)).path).toBe('data.shippingAddress.postalCode');
    });

    it('refuses a total that no safe integer holds', () => {
      const record = JSON.stringify({ ...v1, data: { ...v1.data, lines: [{ sku: 'X', quantity: 2, unitPrice: '90071992547409.91' }] } });
      expect(refusal(() => orderEvents.decode(record)).path).toBe('data.totalCents');
    });
  });

  describe('commands', () => {
    it.each<Parameters<typeof orderCommands.encode>[0]>([
      placeOrder,
      { ...placeOrder, type: 'ConfirmOrder', expectedVersion: 1, data: { paymentId: 'order-1' } },
      { ...placeOrder, type: 'CancelOrder', data: { reason: 'customer_request' } },
      { ...placeOrder, type: 'MarkOrderShipped', data: { shipmentId: 'shp-1' } },
      { ...placeOrder, type: 'MarkOrderDelivered', data: { shipmentId: 'shp-1' } },
      { ...placeOrder, type: 'CorrectShippingAddress', expectedVersion: 2, data: { corrects, reason, address } },
      { ...placeOrder, type: 'RepriceOrderLines', data: { corrects, reason, lines: [{ line: 0, sku: 'MUG', unitPriceCents: 1150 }] } },
      { ...placeOrder, type: 'RecordRepricingSettlement', data: { correction: corrects, repricing: 1, settlement: 'charged', amountCents: 100 } },
      { ...placeOrder, type: 'RevertOrderRepricing', data: { corrects, reason: 'additional_charge_declined', repricing: 1 } },
      { ...placeOrder, type: 'ReverseOrderDelivery', data: { corrects, reason, shipmentId: 'shp-1' } },
    ])('round-trips $type', (command) => {
      expect(orderCommands.decode(orderCommands.encode(command))).toEqual(command);
    });

    const placeWith = (data: Record<string, unknown>) => JSON.stringify({ ...placeOrder, data: { ...placeOrder.data, ...data } });
    const line = { sku: 'MUG', quantity: 1, unitPriceCents: 100 };

    it.each([
      ['data.lines', { lines: [] }],
      ['data.lines', { lines: Array.from({ length: 101 }, () => line) }],
      ['data.lines[0].quantity', { lines: [{ ...line, quantity: 1.5 }] }],
      ['data.lines[1].quantity', { lines: [line, { ...line, quantity: -2 }] }],
      ['data.lines[0].unitPriceCents', { lines: [{ ...line, unitPriceCents: 0.5 }] }],
      ['data.lines[0].sku', { lines: [{ ...line, sku: '' }] }],
      ['data.currency', { currency: 'euro' }],
      // the shape of a code, but no currency ISO 4217 lists now
      ['data.currency', { currency: 'XYZ' }],
      ['data.currency', { currency: 'HRK' }],
      // gold has no minor unit, so no price in minor units can be in it
      ['data.currency', { currency: 'XAU' }],
      ['data.shippingAddress.postalCode', { shippingAddress: { ...address, postalCode: 'x'.repeat(21) } }],
      ['data.paymentToken', { paymentToken: undefined }],
    ])('refuses PlaceOrder with a bad %s', (path, data) => {
      expect(refusal(() => orderCommands.decode(placeWith(data))).path).toBe(path);
    });

    it.each(['EUR', 'USD', 'JPY', 'KWD', 'CHF', 'XCG', 'ZWG', 'CLF'])('takes PlaceOrder in %s', (currency) => {
      expect(orderCommands.decode(placeWith({ currency })).data).toMatchObject({ currency });
    });

    it('says what a currency must be', () => {
      expect(refusal(() => orderCommands.decode(placeWith({ currency: 'XYZ' }))).message).toBe('data.currency: expected a currency code of ISO 4217, such as EUR');
    });

    it('takes 100 lines', () => {
      expect(orderCommands.decode(placeWith({ lines: Array.from({ length: 100 }, () => line) })).data).toMatchObject({ lines: expect.any(Array) });
    });

    const correction = (type: string, data: Record<string, unknown>) => JSON.stringify({ ...placeOrder, type, data: { corrects, reason, ...data } });

    it.each([
      ['data.corrects', 'CorrectShippingAddress', { corrects: 'the OrderPlaced', address }],
      ['data.reason', 'CorrectShippingAddress', { reason: '   ', address }],
      ['data.reason', 'CorrectShippingAddress', { reason: 'x'.repeat(501), address }],
      ['data.address.country', 'CorrectShippingAddress', { address: { ...address, country: 'Germany' } }],
      ['data.lines', 'RepriceOrderLines', { lines: [] }],
      ['data.lines[0].line', 'RepriceOrderLines', { lines: [{ line: -1, sku: 'MUG', unitPriceCents: 1150 }] }],
      ['data.lines[0].line', 'RepriceOrderLines', { lines: [{ line: 100, sku: 'MUG', unitPriceCents: 1150 }] }],
      ['data.lines[0].unitPriceCents', 'RepriceOrderLines', { lines: [{ line: 0, sku: 'MUG', unitPriceCents: 11.5 }] }],
    ])('refuses a correction with a bad %s (%s)', (path, type, data) => {
      expect(refusal(() => orderCommands.decode(correction(type, data))).path).toBe(path);
    });

    it('refuses an unknown command type', () => {
      expect(refusal(() => orderCommands.decode(JSON.stringify({ ...placeOrder, type: 'TeleportOrder' }))).path).toBe('type');
    });

    it('checks a command built in code', () => {
      expect(refusal(() => orderCommands.validate({ ...placeOrder, type: 'CancelOrder', data: { reason: '' } })).path).toBe('data.reason');
    });
  });
});
