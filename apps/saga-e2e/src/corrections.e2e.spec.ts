import { auditEventLog, eventually, http, type Saga, type ServiceProcess, startSaga, testKafka, testServers, uniqueName } from '@rewind/testing';
import type { OrderTimeline, OrderView, TimelineEntry } from '@rewind/orders-read-models';
import { MongoClient } from 'mongodb';
import { foldEventLogs, PROJECTIONS, readEventLogs, sagaGroups, settled, storedModels, type EventLogs } from './read-models';

// Issue 20's single corrections, each through the operator API of the service that owns the
// aggregate, with its saga effects; the timeline and the rewound order before and after each.
const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const corrected = { ...address, line1: 'Invalidenstraße 171' };
/** 2 × 1250 + 1 × 1900 = 4400 */
const newOrder = (paymentToken: string) => ({
  customerId: 'cus_corrections',
  currency: 'EUR',
  lines: [
    { sku: 'MUG', quantity: 2, unitPriceCents: 1250 },
    { sku: 'BEANS-1KG', quantity: 1, unitPriceCents: 1900 },
  ],
  shippingAddress: address,
  paymentToken,
});

type Resource = { status: string; version: number; [field: string]: unknown };
type Problem = { code?: string; errors?: { field: string }[] };
type Rewound = { version: number; state: Record<string, unknown> };

describe('corrections, one at a time, over the operator API', () => {
  let saga: Saga;
  let logsBefore: EventLogs;
  beforeAll(async () => {
    saga = await startSaga();
  });
  afterAll(() => saga?.stop());

  const read = async (service: ServiceProcess, path: string) => (await http<Resource>(service.url(path))).body;
  const until = (service: ServiceProcess, path: string, accept: (resource: Resource) => boolean) => eventually(() => read(service, path), accept);
  const place = async (token: string) => {
    const answer = await http<{ orderId: string }>(saga.orders.url('/orders'), { body: newOrder(token) });
    expect(answer.status).toBe(201);
    return answer.body.orderId;
  };
  const placedAndScheduled = async (token = 'tok_visa') => {
    const id = await place(token);
    await until(saga.orders, `/orders/${id}`, (order) => order.status === 'confirmed');
    await until(saga.shipping, `/shipments/${id}`, (shipment) => shipment.status === 'scheduled');
    return id;
  };
  const timeline = (id: string, accept: (entries: readonly TimelineEntry[]) => boolean) =>
    eventually(async () => (await http<OrderTimeline>(saga.query.url(`/orders/${id}/timeline`))).body.entries ?? [], accept);
  const has = (...types: string[]) => (entries: readonly TimelineEntry[]) => types.every((type) => entries.some((entry) => entry.type === type));
  const only = (entries: readonly TimelineEntry[], type: string) => {
    const found = entries.filter((entry) => entry.type === type);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const rewound = async (id: string, version: number) => (await http<Rewound>(saga.query.url(`/orders/${id}/state?version=${version}`))).body;
  const view = (id: string, accept: (view: OrderView) => boolean) => eventually(async () => (await http<OrderView>(saga.query.url(`/orders/${id}`))).body, accept);

  it('takes a mark of the logs before any correction, for the end of the suite to compare with', async () => {
    // an order of every kind the suite corrects is placed after this, so that nothing here is
    // touched; the end of the suite checks that this part of the logs is still exactly as it was
    const id = await placedAndScheduled();
    await timeline(id, has('ShipmentScheduled'));
    logsBefore = await readEventLogs(testKafka(uniqueName('corrections-before')), saga.namespace);
    expect(logsBefore.orders.length).toBeGreaterThan(0);
  });

  it('corrects the address of an order not yet dispatched; its shipment takes it, and the order keeps both in its history', async () => {
    const id = await placedAndScheduled();
    const before = await timeline(id, has('ShipmentScheduled'));
    const placed = only(before, 'OrderPlaced');
    const correction = { corrects: placed.eventId, reason: 'customer typed 117 for 171 (ticket 4711)', address: corrected };
    const path = saga.orders.url(`/orders/${id}/corrections/shipping-address`);

    // the same guarantees as any command: If-Match, problem+json, Idempotency-Key
    const stale = await http<Problem>(path, { body: correction, headers: { 'If-Match': '1' } });
    expect({ status: stale.status, type: stale.headers.get('content-type') }).toEqual({ status: 409, type: expect.stringContaining('application/problem+json') });
    const invalid = await http<Problem>(path, { body: { ...correction, corrects: 'the OrderPlaced' } });
    expect({ status: invalid.status, fields: invalid.body.errors?.map((error) => error.field) }).toEqual({ status: 400, fields: ['corrects'] });
    const headers = { 'If-Match': '2', 'Idempotency-Key': `address-${id}` };
    const answer = await http<{ orderId: string; version: number }>(path, { body: correction, headers });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { orderId: id, version: 3 } });
    expect((await http(path, { body: correction, headers })).body).toEqual({ orderId: id, version: 3 });
    const same = await http<Problem>(path, { body: correction });
    expect({ status: same.status, code: same.body.code }).toEqual({ status: 422, code: 'correction_changes_nothing' });

    expect(await until(saga.shipping, `/shipments/${id}`, (shipment) => shipment.version === 2)).toMatchObject({ status: 'scheduled', address: corrected });
    const after = await timeline(id, has('ShippingAddressCorrected', 'ShipmentAddressCorrected'));
    const correctionEvent = only(after, 'ShippingAddressCorrected');
    expect(correctionEvent).toMatchObject({ version: 3, corrects: placed.eventId, data: { reason: correction.reason, address: corrected, previousAddress: address } });
    expect(only(after, 'OrderPlaced').correctedBy).toEqual([correctionEvent.eventId]);
    expect(only(after, 'ShipmentAddressCorrected')).toMatchObject({ correction: correctionEvent.eventId, data: { redirected: false } });
    // the order view names who made the correction: the operator http() sends for a correction route
    expect(await view(id, (order) => order.version === 3)).toMatchObject({
      shippingAddress: corrected,
      corrections: [{ type: 'ShippingAddressCorrected', corrects: placed.eventId, actor: { kind: 'person', subject: 'test-operator', role: 'operator' } }],
    });
    // rewound: the address it had, and the one it has
    expect((await rewound(id, 2)).state).toMatchObject({ status: 'confirmed', shippingAddress: address });
    expect((await rewound(id, 3)).state).toMatchObject({ status: 'confirmed', shippingAddress: corrected });

    // once dispatched, an address is the carrier's business
    expect((await http(saga.shipping.url(`/shipments/${id}/dispatch`), { body: { carrier: 'DHL', trackingNumber: 'JD-ADDR' } })).status).toBe(200);
    await until(saga.orders, `/orders/${id}`, (order) => order.status === 'shipped');
    const late = await http<Problem>(path, { body: { ...correction, corrects: correctionEvent.eventId, address: { ...corrected, city: 'Potsdam' } } });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 422, code: 'order_already_shipped' });
  });

  it('reprices a line down: the payment refunds the difference and the order records it settled', async () => {
    const id = await placedAndScheduled();
    const placed = only(await timeline(id, has('PaymentAuthorized')), 'OrderPlaced');
    const answer = await http(saga.orders.url(`/orders/${id}/corrections/line-prices`), {
      body: { corrects: placed.eventId, reason: 'MUG is 11.50 since November', lines: [{ line: 0, sku: 'MUG', unitPriceCents: 1150 }] },
      headers: { 'If-Match': '2' },
    });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { orderId: id, version: 3 } });

    expect(await until(saga.payments, `/payments/${id}`, (payment) => payment.version === 2)).toMatchObject({ status: 'authorized', amountCents: 4200 });
    expect(await until(saga.orders, `/orders/${id}`, (order) => order.version === 4)).toMatchObject({ totalCents: 4200, repricing: { number: 1, status: 'settled' } });
    const after = await timeline(id, has('OrderRepriced', 'PaymentPartiallyRefunded', 'OrderRepricingSettled'));
    const repriced = only(after, 'OrderRepriced');
    expect(repriced).toMatchObject({ corrects: placed.eventId, data: { repricing: 1, previousTotalCents: 4400, totalCents: 4200 } });
    expect(only(after, 'PaymentPartiallyRefunded')).toMatchObject({ correction: repriced.eventId, data: { amountCents: 200, totalCents: 4200 } });
    expect(only(after, 'OrderRepricingSettled')).toMatchObject({ correction: repriced.eventId, data: { settlement: 'refunded', amountCents: 200 } });
    expect(await view(id, (order) => order.version === 4 && order.payment?.amountCents === 4200)).toMatchObject({
      totalCents: 4200,
      lines: [{ sku: 'MUG', unitPriceCents: 1150 }, { sku: 'BEANS-1KG', unitPriceCents: 1900 }],
      repricing: { number: 1, status: 'settled' },
      payment: { status: 'authorized', amountCents: 4200, lastSettlement: { kind: 'partial_refund', amountCents: 200 } },
    });
    const payment = await eventually(async () => (await http<Resource>(saga.query.url(`/payments/${id}`))).body, (p) => p.version === 2);
    expect(payment).toMatchObject({ amountCents: 4200, settlements: [{ repricing: 1, kind: 'partial_refund', amountCents: 200, correction: repriced.eventId }] });
    expect((await rewound(id, 2)).state).toMatchObject({ totalCents: 4400, lines: [{ unitPriceCents: 1250 }, { unitPriceCents: 1900 }] });
    expect((await rewound(id, 3)).state).toMatchObject({ totalCents: 4200, lines: [{ unitPriceCents: 1150 }, { unitPriceCents: 1900 }], repricing: { status: 'pending' } });
    expect((await rewound(id, 4)).state).toMatchObject({ totalCents: 4200, repricing: { status: 'settled' } });
  });

  it('reprices a line up: the card is charged the difference, and a cancel then refunds all it holds', async () => {
    const id = await placedAndScheduled();
    const placed = only(await timeline(id, has('PaymentAuthorized')), 'OrderPlaced');
    const answer = await http(saga.orders.url(`/orders/${id}/corrections/line-prices`), {
      body: { corrects: placed.eventId, reason: 'BEANS went up before this order', lines: [{ line: 1, sku: 'BEANS-1KG', unitPriceCents: 2000 }] },
    });
    expect(answer.status).toBe(200);
    expect(await until(saga.payments, `/payments/${id}`, (payment) => payment.version === 2)).toMatchObject({ status: 'authorized', amountCents: 4500 });
    const settledOrder = await until(saga.orders, `/orders/${id}`, (order) => order.version === 4);
    expect(settledOrder).toMatchObject({ totalCents: 4500, repricing: { status: 'settled' } });
    const after = await timeline(id, has('AdditionalChargeAuthorized', 'OrderRepricingSettled'));
    expect(only(after, 'AdditionalChargeAuthorized')).toMatchObject({ correction: only(after, 'OrderRepriced').eventId, data: { amountCents: 100, totalCents: 4500 } });

    expect((await http(saga.orders.url(`/orders/${id}/cancel`), { body: { reason: 'customer_request' }, headers: { 'If-Match': '4' } })).status).toBe(200);
    expect(await until(saga.payments, `/payments/${id}`, (payment) => payment.status === 'refunded')).toMatchObject({ amountCents: 4500 });
  });

  it('reprices a line up on a card that declines more: the order goes back to the prices the payment holds', async () => {
    const id = await placedAndScheduled('tok_visaAdditionalDeclined');
    const placed = only(await timeline(id, has('PaymentAuthorized')), 'OrderPlaced');
    const answer = await http(saga.orders.url(`/orders/${id}/corrections/line-prices`), {
      body: { corrects: placed.eventId, reason: 'MUG was underpriced', lines: [{ line: 0, sku: 'MUG', unitPriceCents: 1400 }] },
    });
    expect(answer.status).toBe(200);

    // the compensation: the additional charge is declined, the repricing reverted
    const order = await until(saga.orders, `/orders/${id}`, (o) => o.version === 4);
    expect(order).toMatchObject({
      status: 'confirmed',
      totalCents: 4400,
      lines: newOrder('tok_visa').lines,
      repricing: { number: 1, status: 'reverted' },
    });
    expect(await read(saga.payments, `/payments/${id}`)).toMatchObject({ status: 'authorized', amountCents: 4400, version: 2 });
    const after = await timeline(id, has('OrderRepriced', 'AdditionalChargeDeclined', 'OrderRepricingReverted'));
    const repriced = only(after, 'OrderRepriced');
    expect(only(after, 'AdditionalChargeDeclined')).toMatchObject({ correction: repriced.eventId, data: { amountCents: 300, totalCents: 4400, reason: 'card_declined' } });
    const reverted = only(after, 'OrderRepricingReverted');
    expect(reverted).toMatchObject({ corrects: repriced.eventId, data: { reason: 'additional_charge_declined', previousTotalCents: 4700, totalCents: 4400 } });
    expect(only(after, 'OrderRepriced').correctedBy).toEqual([reverted.eventId]);
    expect(await view(id, (o) => o.version === 4 && o.payment?.lastSettlement !== undefined)).toMatchObject({
      status: 'confirmed',
      totalCents: 4400,
      repricing: { number: 1, status: 'reverted' },
      // the revert is the order service's own reaction to the declined charge
      corrections: [{ type: 'OrderRepriced', actor: { kind: 'person', role: 'operator' } }, { type: 'OrderRepricingReverted', corrects: repriced.eventId, actor: { kind: 'service', service: 'orders' } }],
      payment: { amountCents: 4400, lastSettlement: { kind: 'additional_charge_declined', amountCents: 300, declineReason: 'card_declined' } },
    });
    expect((await rewound(id, 3)).state).toMatchObject({ totalCents: 4700, repricing: { status: 'pending' } });
    expect((await rewound(id, 4)).state).toMatchObject({ totalCents: 4400, repricing: { status: 'reverted' } });

    // the order is as it was, and it may be repriced again (down: nothing for the card to decline)
    const again = await http(saga.orders.url(`/orders/${id}/corrections/line-prices`), {
      body: { corrects: reverted.eventId, reason: 'MUG is 11.50 after all', lines: [{ line: 0, sku: 'MUG', unitPriceCents: 1150 }] },
      headers: { 'If-Match': '4' },
    });
    expect(again.status).toBe(200);
    expect(await until(saga.orders, `/orders/${id}`, (o) => o.version === 6)).toMatchObject({ totalCents: 4200, repricing: { number: 2, status: 'settled' } });
  });

  it('reverses a delivery recorded by mistake: the shipment is dispatched again, the order shipped again, and delivered later', async () => {
    const id = await placedAndScheduled();
    expect((await http(saga.shipping.url(`/shipments/${id}/dispatch`), { body: { carrier: 'DHL', trackingNumber: 'JD-REV' } })).status).toBe(200);
    await until(saga.orders, `/orders/${id}`, (order) => order.status === 'shipped');
    expect((await http(saga.shipping.url(`/shipments/${id}/deliver`), { method: 'POST' })).status).toBe(200);
    await until(saga.orders, `/orders/${id}`, (order) => order.status === 'delivered');
    const before = await timeline(id, has('ShipmentDelivered', 'OrderDelivered'));
    const shipmentDelivered = only(before, 'ShipmentDelivered');
    const orderDelivered = only(before, 'OrderDelivered');

    const path = saga.shipping.url(`/shipments/${id}/corrections/reverse-delivery`);
    const notYet = await http<Problem>(saga.shipping.url(`/shipments/${await placedAndScheduled()}/corrections/reverse-delivery`), {
      body: { corrects: shipmentDelivered.eventId, reason: 'wrong parcel scanned' },
    });
    expect({ status: notYet.status, code: notYet.body.code }).toEqual({ status: 422, code: 'shipment_not_delivered' });
    const answer = await http(path, { body: { corrects: shipmentDelivered.eventId, reason: 'wrong parcel scanned' }, headers: { 'If-Match': '3' } });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { shipmentId: id, version: 4 } });

    expect(await until(saga.orders, `/orders/${id}`, (order) => order.version === 5)).toMatchObject({ status: 'shipped' });
    expect(await read(saga.shipping, `/shipments/${id}`)).toMatchObject({ status: 'dispatched', version: 4 });
    const after = await timeline(id, has('ShipmentDeliveryReversed', 'OrderDeliveryReversed'));
    const shipmentReversal = only(after, 'ShipmentDeliveryReversed');
    const orderReversal = only(after, 'OrderDeliveryReversed');
    expect(shipmentReversal).toMatchObject({ corrects: shipmentDelivered.eventId, data: { reason: 'wrong parcel scanned' } });
    expect(orderReversal).toMatchObject({ corrects: orderDelivered.eventId, causationId: `${shipmentReversal.eventId}:ReverseOrderDelivery` });
    expect(only(after, 'ShipmentDelivered').correctedBy).toEqual([shipmentReversal.eventId]);
    expect(only(after, 'OrderDelivered').correctedBy).toEqual([orderReversal.eventId]);
    expect((await rewound(id, 4)).state).toMatchObject({ status: 'delivered' });
    expect((await rewound(id, 5)).state).toMatchObject({ status: 'shipped' });
    expect(await view(id, (order) => order.version === 5 && order.shipment?.deliveriesReversed === 1)).toMatchObject({
      status: 'shipped',
      shipment: { status: 'dispatched', deliveriesReversed: 1 },
    });

    // the parcel does arrive later
    expect((await http(saga.shipping.url(`/shipments/${id}/deliver`), { method: 'POST' })).status).toBe(200);
    expect(await until(saga.orders, `/orders/${id}`, (order) => order.version === 6)).toMatchObject({ status: 'delivered' });
  });

  it('changed no event that was in the logs before, keeps the logs sound, and the read models follow them', async () => {
    const kafka = testKafka(uniqueName('corrections-after'));
    const admin = kafka.admin();
    await admin.connect();
    await settled(admin, sagaGroups(saga.namespace, { orders: 1, order_timeline: 1, payments: 1, shipments: 1 }));
    await admin.disconnect();
    const after = await readEventLogs(kafka, saga.namespace);
    for (const service of ['orders', 'payments', 'shipments'] as const) {
      // every record from before is still there, at its offset, byte for byte
      const at = new Map(after[service].map((record) => [`${record.partition}@${record.offset}`, record.value]));
      expect({ service, changed: logsBefore[service].filter((record) => at.get(`${record.partition}@${record.offset}`) !== record.value) }).toEqual({ service, changed: [] });
      expect({ service, problems: auditEventLog(after[service]).problems }).toEqual({ service, problems: [] });
    }
    const expected = foldEventLogs(after);
    const client = await MongoClient.connect(testServers().mongoUri);
    try {
      const db = client.db(saga.database);
      for (const projection of PROJECTIONS) expect({ projection, models: await storedModels(db, projection, 1) }).toEqual({ projection, models: expected[projection] });
    } finally {
      await client.close();
    }
  });
});
