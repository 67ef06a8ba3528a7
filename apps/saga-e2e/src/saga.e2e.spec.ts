import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { deployableApps, httpProbes, OVERLAYS, probePathProblems, renderOverlay } from '@rewind/deploy';
import { auditEventLog, bearer, eventually, http, type Saga, type ServiceProcess, startSaga, testKafka, testServers, uniqueName } from '@rewind/testing';
import type { OrderView } from '@rewind/orders-read-models';
import { MongoClient } from 'mongodb';
import { foldEventLogs, PROJECTIONS, reactionGroups, readEventLogs, sagaGroups, settled, storedModels } from './read-models';

// Everything here goes through the services' public HTTP APIs; Kafka is touched only to audit the
// logs at the end and to replay the saga's triggers.
const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const newOrder = (paymentToken: string) => ({
  customerId: 'cus_e2e',
  currency: 'EUR',
  lines: [
    { sku: 'MUG-ESPRESSO', quantity: 2, unitPriceCents: 1250 },
    { sku: 'BEANS-1KG', quantity: 1, unitPriceCents: 1900 },
  ],
  shippingAddress: address,
  paymentToken,
});

type Resource = { status: string; version: number; [field: string]: unknown };
type Problem = { code?: string; errors?: { field: string }[] };

/**
 * A one-line `curl` of the README's walk as the request it sends: method, path, headers and body,
 * so that a test can send exactly what a reader would paste.
 */
function curlRequest(line: string): { port: number; path: string; method: string; headers: Record<string, string>; authorization?: string; body?: string } {
  const target = /localhost:(\d+)(\/\S*)/.exec(line);
  if (!target) throw new Error(`no localhost URL in ${line}`);
  const headers = Object.fromEntries([...line.matchAll(/-H '([^:']+):\s*([^']*)'/g)].map(([, name = '', value = '']) => [name.toLowerCase(), value]));
  const body = /-d '([^']*)'/.exec(line)?.[1];
  // the token is in double quotes, for the shell to put the variable in
  const authorization = /-H "Authorization: ([^"]*)"/.exec(line)?.[1];
  return {
    port: Number(target[1]),
    path: target[2] ?? '/',
    method: /-X (\w+)/.exec(line)?.[1] ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(authorization === undefined ? {} : { authorization }),
    ...(body === undefined ? {} : { body }),
  };
}

describe('the order saga, over HTTP', () => {
  let saga: Saga;
  beforeAll(async () => {
    saga = await startSaga();
  });
  afterAll(() => saga?.stop());

  const read = async (service: ServiceProcess, path: string) => (await http<Resource>(service.url(path))).body;
  const until = (service: ServiceProcess, path: string, status: string) => eventually(() => read(service, path), (resource) => resource.status === status);
  const place = async (token: string) => {
    const answer = await http<{ orderId: string; version: number }>(saga.orders.url('/orders'), { body: newOrder(token) });
    expect({ status: answer.status, version: answer.body.version, location: answer.headers.get('location') }).toEqual({
      status: 201,
      version: 1,
      location: `/orders/${answer.body.orderId}`,
    });
    return answer.body.orderId;
  };
  const atRest = async () => {
    const admin = testKafka(uniqueName('saga-rest')).admin();
    await admin.connect();
    try {
      await settled(admin, sagaGroups(saga.namespace, { orders: 1, order_timeline: 1, payments: 1, shipments: 1 }));
    } finally {
      await admin.disconnect();
    }
  };
  /** Where an order ended, as each owner and each read model tells it; the timeline as each stream's events in version order. */
  const endOf = async (id: string) => {
    const view = (await http<OrderView>(saga.query.url(`/orders/${id}`))).body;
    const timeline = (await http<{ entries: { stream: string; type: string; version: number; data: Record<string, unknown> }[] }>(saga.query.url(`/orders/${id}/timeline`))).body;
    const stream = (name: string) => timeline.entries.filter((entry) => entry.stream === name).sort((a, b) => a.version - b.version).map((entry) => entry.type);
    const shipment = await read(saga.shipping, `/shipments/${id}`);
    return {
      order: (await read(saga.orders, `/orders/${id}`)).status,
      payment: (await read(saga.payments, `/payments/${id}`)).status,
      shipment: shipment.status,
      recalled: shipment['recalled'],
      view: `${view.status}/${view.payment?.status ?? '-'}/${view.shipment?.status ?? '-'}`,
      paymentView: (await read(saga.query, `/payments/${id}`)).status,
      shipmentView: (await read(saga.query, `/shipments/${id}`)).status,
      timeline: { orders: stream('orders'), payments: stream('payments'), shipments: stream('shipments') },
    };
  };
  const answerOf = (answer: { status: number; body: Problem }) => (answer.body.code ? `${answer.status} ${answer.body.code}` : String(answer.status));
  const ship = async (id: string) => {
    await until(saga.shipping, `/shipments/${id}`, 'scheduled');
    expect((await http(saga.shipping.url(`/shipments/${id}/dispatch`), { body: { carrier: 'DHL', trackingNumber: `JD-${id.slice(0, 8)}` } })).status).toBe(200);
  };

  it('takes a paid order to delivered', async () => {
    const id = await place('tok_visa');
    expect(await until(saga.payments, `/payments/${id}`, 'authorized')).toMatchObject({ amountCents: 4400, currency: 'EUR' });
    await until(saga.orders, `/orders/${id}`, 'confirmed');
    await ship(id);
    await until(saga.orders, `/orders/${id}`, 'shipped');
    expect((await http(saga.shipping.url(`/shipments/${id}/deliver`), { method: 'POST' })).status).toBe(200);
    expect(await until(saga.orders, `/orders/${id}`, 'delivered')).toMatchObject({ version: 4, totalCents: 4400 });
  });

  it.each([
    ['tok_chargeDeclined', 'card_declined'],
    ['tok_insufficientFunds', 'insufficient_funds'],
  ])('cancels an order whose payment is declined (%s)', async (token, reason) => {
    const id = await place(token);
    expect(await until(saga.payments, `/payments/${id}`, 'declined')).toMatchObject({ reason });
    expect(await until(saga.orders, `/orders/${id}`, 'cancelled')).toMatchObject({ reason: 'payment_declined' });
  });

  it('refunds and cancels an order cancelled after payment', async () => {
    const id = await place('tok_visa');
    const confirmed = await until(saga.orders, `/orders/${id}`, 'confirmed');
    const stale = await http(saga.orders.url(`/orders/${id}/cancel`), { body: { reason: 'customer_request' }, headers: { 'If-Match': '1' } });
    expect(stale.status).toBe(409);
    const cancel = await http(saga.orders.url(`/orders/${id}/cancel`), { body: { reason: 'customer_request' }, headers: { 'If-Match': String(confirmed.version) } });
    expect(cancel.status).toBe(200);
    await until(saga.payments, `/payments/${id}`, 'refunded');
    expect(await read(saga.orders, `/orders/${id}`)).toMatchObject({ status: 'cancelled', reason: 'customer_request' });
  });

  it('refunds and cancels an order whose shipment fails', async () => {
    const id = await place('tok_visa');
    await until(saga.orders, `/orders/${id}`, 'confirmed');
    await ship(id);
    expect((await http(saga.shipping.url(`/shipments/${id}/fail`), { body: { reason: 'lost in transit' } })).status).toBe(200);
    expect(await until(saga.payments, `/payments/${id}`, 'refunded')).toMatchObject({ refundReason: 'shipment_failed' });
    expect(await until(saga.orders, `/orders/${id}`, 'cancelled')).toMatchObject({ reason: 'shipment_failed' });
  });

  it('cancels the shipment of an order cancelled after payment, and refuses to dispatch or deliver it', async () => {
    const id = await place('tok_visa');
    await until(saga.shipping, `/shipments/${id}`, 'scheduled');
    expect((await http(saga.orders.url(`/orders/${id}/cancel`), { body: { reason: 'customer_request' }, headers: { 'If-Match': '2' } })).status).toBe(200);
    await until(saga.payments, `/payments/${id}`, 'refunded');
    expect(await until(saga.shipping, `/shipments/${id}`, 'cancelled')).toMatchObject({ version: 2, reason: 'customer_request', recalled: false });

    const dispatch = await http<Problem>(saga.shipping.url(`/shipments/${id}/dispatch`), { body: { carrier: 'DHL', trackingNumber: 'JD01' } });
    expect({ status: dispatch.status, type: dispatch.headers.get('content-type'), code: dispatch.body.code }).toEqual({
      status: 422,
      type: expect.stringContaining('application/problem+json'),
      code: 'shipment_cancelled',
    });
    expect(answerOf(await http<Problem>(saga.shipping.url(`/shipments/${id}/deliver`), { method: 'POST' }))).toBe('422 shipment_cancelled');

    await atRest();
    expect(await endOf(id)).toEqual({
      order: 'cancelled',
      payment: 'refunded',
      shipment: 'cancelled',
      recalled: false,
      view: 'cancelled/refunded/cancelled',
      paymentView: 'refunded',
      shipmentView: 'cancelled',
      timeline: { orders: ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'], payments: ['PaymentAuthorized', 'PaymentRefunded'], shipments: ['ShipmentScheduled', 'ShipmentCancelled'] },
    });
  });

  it('ends every race of a dispatch and a cancel the one way the order\'s log decides, in every service and read model', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => place('tok_visa')));
    // scheduled follows confirmed: each order is at version 2
    await Promise.all(ids.map((id) => until(saga.shipping, `/shipments/${id}`, 'scheduled')));
    // fired together, the cancel reaches its decider first nearly every time: each saga hop is a
    // Kafka round trip. So one of the two is held back a little, from a second either way, to let the
    // races land anywhere in the window where the two logs can cross.
    const races = await Promise.all(
      ids.map(async (id, index) => {
        const lead = (index - ids.length / 2) * 100;
        // half of them cancel only the order as it was confirmed (If-Match: 2), half whatever it is now
        const headers: Record<string, string> = index % 2 === 0 ? { 'If-Match': '2' } : {};
        const [cancel, dispatch] = await Promise.all([
          sleep(Math.max(0, -lead)).then(() => http<Problem>(saga.orders.url(`/orders/${id}/cancel`), { body: { reason: 'customer_request' }, headers })),
          sleep(Math.max(0, lead)).then(() => http<Problem>(saga.shipping.url(`/shipments/${id}/dispatch`), { body: { carrier: 'DHL', trackingNumber: `RACE-${id.slice(0, 8)}` } })),
        ]);
        return { id, ifMatch: index % 2 === 0, cancel: answerOf(cancel), dispatch: answerOf(dispatch) };
      }),
    );
    await atRest();

    const ended = await Promise.all(races.map(async (race) => ({ ...race, ...(await endOf(race.id)) })));
    // the cancel's answer is the order log's verdict: whichever of OrderCancelled and OrderShipped it took first
    const expected = races.map(({ id, ifMatch, cancel, dispatch }) =>
      cancel === '200'
        ? {
            id,
            ifMatch,
            cancel,
            // the dispatch came before the shipment heard of the cancel (then it is recalled), or after (then refused)
            dispatch: dispatch === '200' ? '200' : '422 shipment_cancelled',
            order: 'cancelled',
            payment: 'refunded',
            shipment: 'cancelled',
            recalled: dispatch === '200',
            view: 'cancelled/refunded/cancelled',
            paymentView: 'refunded',
            shipmentView: 'cancelled',
            timeline: {
              orders: ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'],
              payments: ['PaymentAuthorized', 'PaymentRefunded'],
              shipments: dispatch === '200' ? ['ShipmentScheduled', 'ShipmentDispatched', 'ShipmentCancelled'] : ['ShipmentScheduled', 'ShipmentCancelled'],
            },
          }
        : {
            id,
            ifMatch,
            // the order moved on to shipped: a conflict for a cancel of version 2, a refusal for any other
            cancel: ifMatch ? '409' : '422 order_already_shipped',
            dispatch: '200',
            order: 'shipped',
            payment: 'authorized',
            shipment: 'dispatched',
            view: 'shipped/authorized/dispatched',
            paymentView: 'authorized',
            shipmentView: 'dispatched',
            timeline: { orders: ['OrderPlaced', 'OrderConfirmed', 'OrderShipped'], payments: ['PaymentAuthorized'], shipments: ['ShipmentScheduled', 'ShipmentDispatched'] },
          },
    );
    expect(ended).toEqual(expected);
    // which ways they went is up to the machine; said, not asserted
    const ways = ended.map(({ cancel, dispatch }) => (cancel !== '200' ? 'dispatch won' : dispatch === '200' ? 'cancel won, parcel recalled' : 'cancel won before dispatch'));
    process.stdout.write(`dispatch/cancel races: ${JSON.stringify(Object.fromEntries([...new Set(ways)].map((way) => [way, ways.filter((w) => w === way).length])))}\n`);
  });

  it('takes the README walk\'s shipment requests as they are written', async () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const walk = (step: string) => {
      const line = readme.split('\n').find((text) => text.includes('curl') && text.includes(`localhost:3003/shipments/$ORDER/${step}`));
      if (!line) throw new Error(`the README's walk has no curl for /shipments/$ORDER/${step}`);
      return curlRequest(line);
    };
    const send = async (id: string, step: string) => {
      const request = walk(step);
      // the walk sends the warehouse's token that `npm start` printed; here, the test issuer's
      expect(request.authorization).toBe('Bearer $WAREHOUSE_TOKEN');
      const headers = { ...request.headers, ...(await bearer('warehouse')) };
      const answer = await fetch(saga.shipping.url(request.path.replace('$ORDER', id)), { method: request.method, headers, body: request.body });
      return { step, status: answer.status, body: (await answer.json()) as unknown };
    };
    const [delivered, failed] = [await place('tok_visa'), await place('tok_visa')];
    for (const id of [delivered, failed]) await until(saga.shipping, `/shipments/${id}`, 'scheduled');

    expect([await send(delivered, 'dispatch'), await send(delivered, 'deliver')]).toEqual([expect.objectContaining({ step: 'dispatch', status: 200 }), expect.objectContaining({ step: 'deliver', status: 200 })]);
    expect([await send(failed, 'dispatch'), await send(failed, 'fail')]).toEqual([expect.objectContaining({ step: 'dispatch', status: 200 }), expect.objectContaining({ step: 'fail', status: 200 })]);
    await until(saga.orders, `/orders/${delivered}`, 'delivered');
    expect(await until(saga.orders, `/orders/${failed}`, 'cancelled')).toMatchObject({ reason: 'shipment_failed' });
  });

  it('answers refusals, conflicts and bad input with problems, and changes nothing for them', async () => {
    const id = await place('tok_visa');
    await until(saga.orders, `/orders/${id}`, 'confirmed');
    const invalid = await http(saga.orders.url('/orders'), { body: { ...newOrder('tok_visa'), lines: [{ sku: 'X', quantity: 0, unitPriceCents: 1 }] } });
    expect(invalid).toMatchObject({ status: 400, body: { errors: [{ field: 'lines[0].quantity' }] } });
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    // three upper-case letters are not enough: ISO 4217 has no XYZ
    const currency = await http(saga.orders.url('/orders'), { body: { ...newOrder('tok_visa'), currency: 'XYZ' } });
    expect(currency).toMatchObject({ status: 400, body: { errors: [{ field: 'currency', message: expect.stringContaining('ISO 4217') }] } });
    // a body over the limit is the client's fault, said as a problem, not a server error
    const oversized = await http(saga.orders.url('/orders'), { body: { ...newOrder('tok_visa'), customerId: 'x'.repeat(100 * 1024) } });
    expect(oversized).toMatchObject({ status: 413, body: { errors: [{ field: '(body)' }] } });
    const early = await http(saga.shipping.url(`/shipments/${id}/deliver`), { method: 'POST' });
    expect(early).toMatchObject({ status: 422, body: { code: 'shipment_not_dispatched' } });
    expect((await http(saga.orders.url(`/orders/${uniqueName('missing')}`))).status).toBe(404);
    expect(await read(saga.shipping, `/shipments/${id}`)).toMatchObject({ status: 'scheduled', version: 1 });
  });

  it('completes a flow while each service is killed and restarted in the middle of it', async () => {
    const id = await place('tok_visa');
    await saga.payments.restart('SIGKILL'); // before or while it authorises
    await until(saga.orders, `/orders/${id}`, 'confirmed');
    await saga.shipping.restart('SIGKILL'); // before or while it schedules
    await ship(id);
    await saga.orders.restart('SIGKILL'); // before or while it marks the order shipped
    await until(saga.orders, `/orders/${id}`, 'shipped');
    expect((await http(saga.shipping.url(`/shipments/${id}/deliver`), { method: 'POST' })).status).toBe(200);
    expect(await until(saga.orders, `/orders/${id}`, 'delivered')).toMatchObject({ version: 4 });
  });

  it('describes each API in OpenAPI, and answers health and metrics', async () => {
    const expected: [ServiceProcess, string[]][] = [
      [saga.orders, ['/orders', '/orders/{orderId}/cancel', '/orders/{orderId}', '/orders/{orderId}/commands/{commandId}']],
      [saga.payments, ['/payments/{paymentId}', '/payments/{paymentId}/commands/{commandId}']],
      [saga.shipping, ['/shipments/{shipmentId}/dispatch', '/shipments/{shipmentId}/deliver', '/shipments/{shipmentId}/fail', '/shipments/{shipmentId}']],
    ];
    for (const [service, paths] of expected) {
      const document = (await http<{ openapi: string; paths: Record<string, unknown> }>(service.url('/docs-json'))).body;
      expect({ service: service.name, openapi: document.openapi, paths: Object.keys(document.paths) }).toEqual({
        service: service.name,
        openapi: '3.0.0',
        paths: expect.arrayContaining(paths),
      });
      expect((await http(service.url('/health/live'))).status).toBe(200);
      expect(await (await fetch(service.url('/metrics'))).text()).toContain('rewind_partitions_owned');
    }
  });

  it('answers every probe the Kubernetes manifests give it, on the path they name', async () => {
    const running: Record<string, ServiceProcess> = {
      'order-service': saga.orders,
      'payment-service': saga.payments,
      'shipping-service': saga.shipping,
      projector: saga.projector,
      'query-api': saga.query,
    };
    // a connection of its own for each probe, as the kubelet opens: a pooled keep-alive socket may
    // be closed by the server just as it is reused
    const status = (app: string, path: string) =>
      new Promise<number>((resolve, reject) => get(running[app]!.url(path), { agent: false }, (answer) => resolve(answer.resume().statusCode ?? 0)).on('error', reject));
    for (const overlay of OVERLAYS) {
      const probes = httpProbes(renderOverlay(overlay), deployableApps());
      expect(probes.map(({ app }) => app).sort()).toEqual(Object.keys(running).flatMap((app) => [app, app]).sort());
      expect(await probePathProblems(probes, status)).toEqual([]);
      // the stack is up: every probe passes, not merely exists
      expect(await Promise.all(probes.map(async (probe) => ({ ...probe, status: await status(probe.app, probe.path) })))).toEqual(probes.map((probe) => ({ ...probe, status: 200 })));
    }
    // a deliberately broken probe: a path the app does not serve is caught
    expect(await probePathProblems([{ app: 'projector', probe: 'livenessProbe', path: '/healthz' }], status)).toEqual(['projector: livenessProbe path /healthz answers 404']);
  });

  it('stops gracefully on SIGTERM: finishes its work and leaves its groups instead of timing out of them', async () => {
    await saga.orders.stop('SIGTERM');
    const admin = testKafka(uniqueName('saga-groups')).admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([`${saga.namespace}orders.command-processor`, `${saga.namespace}orders.reactions`]);
    await admin.disconnect();
    expect(groups.map((group) => [group.groupId, group.members.length]).sort()).toEqual([
      [`${saga.namespace}orders.command-processor`, 0],
      [`${saga.namespace}orders.reactions`, 0],
    ]);

    await saga.orders.start();
    const id = await place('tok_visa');
    await until(saga.orders, `/orders/${id}`, 'confirmed');
  });

  it('changes nothing when every saga trigger is delivered again, and the read models follow the logs', async () => {
    const kafka = testKafka(uniqueName('saga-replay'));
    const admin = kafka.admin();
    await admin.connect();
    const ns = saga.namespace;
    const atRest = () => settled(admin, sagaGroups(ns, { orders: 1, order_timeline: 1, payments: 1, shipments: 1 }));

    await atRest();
    const before = await readEventLogs(kafka, ns);

    // rewind every reactions group to offset zero: each trigger of the saga so far arrives again
    await saga.stop();
    for (const { groupId, topic } of reactionGroups(ns)) await admin.resetOffsets({ groupId, topic, earliest: true });
    await saga.start();
    await atRest();
    const after = await readEventLogs(kafka, ns);
    await admin.disconnect();

    // each read model equals a fold of the raw logs done here, event by event, in log order
    const expected = foldEventLogs(after);
    const client = await MongoClient.connect(testServers().mongoUri);
    const db = client.db(saga.database);
    expect(Object.keys(expected.orders).length).toBeGreaterThan(5);
    for (const projection of PROJECTIONS) expect({ projection, models: await storedModels(db, projection, 1) }).toEqual({ projection, models: expected[projection] });
    // the timeline holds every event of every service exactly once, each under its order
    const timelineEvents = Object.values(expected.order_timeline).flatMap((timeline) => timeline.entries.map((entry) => entry.eventId));
    expect(new Set(timelineEvents).size).toBe(Object.values(after).flat().length);
    await client.close();

    for (const service of ['orders', 'payments', 'shipments'] as const) {
      const audit = auditEventLog(after[service]);
      expect({ service, problems: audit.problems }).toEqual({ service, problems: [] });
      // the same events (partitions interleave differently from one read to the next)
      const ids = (records: typeof audit.events) => records.map((e) => e.eventId).sort();
      expect({ service, events: ids(audit.events) }).toEqual({ service, events: ids(auditEventLog(before[service]).events) });
      expect(audit.events.length).toBeGreaterThan(0);
    }
  });
});
