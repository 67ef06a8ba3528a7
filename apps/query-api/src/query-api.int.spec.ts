import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DeadLetterQueue } from '@rewind/dead-letters';
import { orderEvents, paymentEvents, REDACTED, serviceTopicNames, DEAD_LETTER_TOPIC, deadLetterTopic, serviceTopics, shipmentEvents, type EventCodec, type EventEnvelope } from '@rewind/contracts';
import type { OrderView } from '@rewind/orders-read-models';
import { foldInto, generationCollection, POINTERS_COLLECTION, type GenerationPointer, type StoredDocument } from '@rewind/projection-runtime';
import { projectionCatalog } from '@rewind/projections';
import { problemType, routePattern } from '@rewind/service-kit';
import { bearer, createTestTopics, freePort, testAuthEnv, testDatabase, testKafka, testServers, testToken, uniqueName, type TestDatabase } from '@rewind/testing';
import type { Admin, Kafka } from 'kafkajs';
import { queryApiConfig } from './config';
import { startQueryApi } from './query-api';

// The query API in-process on a port of its own, against the real broker and database server: its
// read models are seeded by folding realistic events with the projections' own definitions, so the
// documents are the ones the projector would write.

type Stream = 'orders' | 'payments' | 'shipments';
type Journey = 'placed' | 'confirmed' | 'shipped' | 'delivered' | 'declined';
interface Seeded {
  readonly stream: Stream;
  readonly event: EventEnvelope;
}

const codecs: Record<Stream, EventCodec<EventEnvelope>> = { orders: orderEvents, payments: paymentEvents, shipments: shipmentEvents };
const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const lines = [
  { sku: 'MUG-ESPRESSO', quantity: 2, unitPriceCents: 1250 },
  { sku: 'BEANS-1KG', quantity: 1, unitPriceCents: 1900 },
];
const minute = (n: number) => new Date(Date.UTC(2026, 10, 27, 10, n)).toISOString();

/** An order's events on all three streams, as the saga writes them, one minute apart from `start`. */
function journey(orderId: string, customerId: string, to: Journey, start: number): Seeded[] {
  const correlationId = randomUUID();
  let at = start;
  let causationId = correlationId;
  const versions: Record<Stream, number> = { orders: 0, payments: 0, shipments: 0 };
  const next = (stream: Stream, type: string, data: object): Seeded => {
    versions[stream] += 1;
    const event = {
      eventId: randomUUID(),
      type,
      schemaVersion: type === 'OrderPlaced' ? 2 : 1,
      aggregateId: orderId,
      aggregateVersion: versions[stream],
      occurredAt: minute(at++),
      commandId: randomUUID(),
      correlationId,
      causationId,
      data,
    };
    causationId = event.eventId;
    // through the codec and back, as the projector reads it: checks the data too
    return { stream, event: codecs[stream].decode(codecs[stream].encode(event)) };
  };
  const events = [next('orders', 'OrderPlaced', { customerId, currency: 'EUR', lines, shippingAddress: address, paymentToken: 'tok_visa', totalCents: 4400 })];
  if (to === 'declined') {
    events.push(next('payments', 'PaymentDeclined', { orderId, amountCents: 4400, currency: 'EUR', reason: 'card_declined' }));
    events.push(next('orders', 'OrderCancelled', { reason: 'payment_declined', refunded: false }));
    return events;
  }
  if (to === 'placed') return events;
  events.push(next('payments', 'PaymentAuthorized', { orderId, amountCents: 4400, currency: 'EUR', token: 'tok_visa' }));
  events.push(next('orders', 'OrderConfirmed', { paymentId: orderId, shippingAddress: address }));
  if (to === 'confirmed') return events;
  events.push(next('shipments', 'ShipmentScheduled', { orderId, address }));
  events.push(next('shipments', 'ShipmentDispatched', { orderId, carrier: 'DHL', trackingNumber: `JD-${orderId.slice(0, 8)}` }));
  events.push(next('orders', 'OrderShipped', { shipmentId: orderId }));
  if (to === 'shipped') return events;
  events.push(next('shipments', 'ShipmentDelivered', { orderId }));
  events.push(next('orders', 'OrderDelivered', { shipmentId: orderId }));
  return events;
}

/** An admin's token of the test issuer, which the app under test trusts (set in beforeAll). */
let adminToken = '';
let asAdmin = { authorization: '' };
/** The app's AUTH_* settings: the test issuer's. */
let authEnv: Record<string, string> = {};

interface Answer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A schema whose `$ref`s point into the document added to ajv as `query-api`. */
const inDocument = (schema: unknown): unknown =>
  Array.isArray(schema)
    ? schema.map(inDocument)
    : typeof schema === 'object' && schema !== null
      ? Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? `query-api${value}` : inDocument(value)]))
      : schema;

/**
 * Checks a success answer against the schema its operation declares in the app's own OpenAPI
 * document, as the fuzz suite's schemathesis does, but on the realistic read models seeded here.
 */
function answerChecker(document: OpenAPIObject): (method: string, path: string, status: number, body: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ components: document.components }, 'query-api');
  const operations = Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>).map(([method, operation]) => ({
      pattern: routePattern(template),
      method: method.toUpperCase(),
      validators: new Map<number, ValidateFunction>(
        Object.entries(operation.responses ?? {}).flatMap(([status, response]) => {
          const schema = response.content?.['application/json']?.schema;
          return schema ? [[Number(status), ajv.compile(inDocument(schema) as object)] as const] : [];
        }),
      ),
    })),
  );
  return (method, path, status, body) => {
    // neither the document itself nor the health endpoints are in it
    if (/^\/(docs|health)\b/.test(path)) return [];
    const operation = operations.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    if (!operation) return [`${method} ${path}: not in the OpenAPI document`];
    const validate = operation.validators.get(status);
    if (!validate) return [`${method} ${path}: ${status} is not an answer the OpenAPI document gives`];
    return validate(body) ? [] : (validate.errors ?? []).map((error) => `${method} ${path} ${status}: ${error.instancePath} ${error.message ?? ''}`);
  };
}

describe('the query API', () => {
  const namespace = `${uniqueName('qapi')}.`;
  const catalog = projectionCatalog(namespace);
  let database: TestDatabase;
  let app: INestApplication;
  let base: string;
  let kafka: Kafka;
  let admin: Admin;
  /** Each projection's seeded documents, by id. */
  const seeded = new Map<string, Map<string, StoredDocument<object>>>();
  const orders: { id: string; customerId: string; journey: Journey }[] = [];
  const delivered = { id: randomUUID(), start: 600 };
  let checkAnswer: ReturnType<typeof answerChecker> | undefined;

  /** A request to the app under test; without an Authorization header (and not `anonymous`), as an operator. */
  const call = async <T = Record<string, unknown>>(path: string, init?: RequestInit & { anonymous?: true }): Promise<Answer<T>> => {
    const headers = new Headers(init?.headers);
    if (!headers.has('authorization') && !init?.anonymous) headers.set('authorization', (await bearer('operator')).authorization);
    const response = await fetch(`${base}${path}`, { ...init, headers });
    const body: unknown = await response.json();
    // every success answer is what the document says it is: the schemas the explorer's types come from
    if (checkAnswer && response.ok) expect(checkAnswer(init?.method ?? 'GET', new URL(path, base).pathname, response.status, body)).toEqual([]);
    return { status: response.status, headers: response.headers, body: body as T };
  };
  const staleness = (headers: Headers) => ({
    projection: headers.get('rewind-projection'),
    generation: headers.get('rewind-generation'),
    lag: headers.get('rewind-lag'),
  });
  const produce = async (topic: string, events: readonly Seeded[]) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: events.map(({ stream, event }) => ({ key: event.aggregateId, value: codecs[stream].encode(event) })) });
    await producer.disconnect();
  };
  const modelOf = (projection: string, id: string) => seeded.get(projection)?.get(id)?.model;
  const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    let last: T | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(200)) {
      last = await read();
      if (done(last)) return last;
    }
    throw new Error(`never came to pass; last seen: ${JSON.stringify(last)}`);
  };

  beforeAll(async () => {
    await createTestTopics((['orders', 'payments', 'shipments'] as const).flatMap((service) => serviceTopics(`${namespace}${service}`)).concat({ ...deadLetterTopic(), name: `${namespace}${DEAD_LETTER_TOPIC}` }));
    database = await testDatabase('qapi');
    kafka = testKafka(uniqueName('qapi-test'));
    admin = kafka.admin();
    await admin.connect();

    // 24 orders of three customers at every stage, and one delivered order to rewind
    const customers = ['cus_ada', 'cus_grace', 'cus_edsger'];
    const journeys: Journey[] = ['placed', 'confirmed', 'confirmed', 'shipped', 'delivered', 'declined', 'confirmed', 'placed'];
    for (let index = 0; index < 24; index++) {
      orders.push({ id: randomUUID(), customerId: customers[index % 3]!, journey: journeys[index % journeys.length]! });
    }
    const events = [
      ...orders.flatMap((order, index) => journey(order.id, order.customerId, order.journey, index * 10)),
      ...journey(delivered.id, 'cus_barbara', 'delivered', delivered.start),
    ];
    for (const definition of catalog) {
      const documents = new Map<string, StoredDocument<object>>();
      const own = new Set(definition.sources.map((source) => source.stream));
      foldInto(definition, documents, events.filter((seed) => own.has(seed.stream)));
      seeded.set(definition.name, documents);
      await database.db.collection<StoredDocument<object>>(generationCollection(definition.name, 1)).insertMany([...documents.values()]);
    }

    authEnv = await testAuthEnv();
    adminToken = await testToken('admin');
    asAdmin = { authorization: `Bearer ${adminToken}` };
    base = `http://127.0.0.1:${await freePort()}`;
    app = await startQueryApi(
      queryApiConfig({
        KAFKA_BROKERS: testServers().kafkaBrokers,
        MONGODB_URI: testServers().mongoUri,
        MONGODB_DATABASE: database.db.databaseName,
        TOPIC_NAMESPACE: namespace,
        PORT: new URL(base).port,
        LOG_LEVEL: 'warn',
        // generous: the lag assertions are about what is measured, not how fast a busy broker answers
        LAG_TIMEOUT_MS: '10000',
        ...authEnv,
      }),
    );
    checkAnswer = answerChecker((await call<OpenAPIObject>('/docs-json')).body);
  });
  afterAll(async () => {
    await app?.close();
    await admin?.disconnect();
    await database?.dispose();
  });

  describe('reads', () => {
    it('answers one order, its timeline, its payment and its shipment: the models, nothing the projector keeps beside them', async () => {
      const id = delivered.id;
      const answers = await Promise.all([call(`/orders/${id}`), call(`/orders/${id}/timeline`), call(`/payments/${id}`), call(`/shipments/${id}`)]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(answers.map((answer) => answer.body)).toEqual([modelOf('orders', id), modelOf('order_timeline', id), modelOf('payments', id), modelOf('shipments', id)]);
      expect(answers[0]!.body).toMatchObject({ orderId: id, status: 'delivered', version: 4, customerId: 'cus_barbara', payment: { status: 'authorized' }, shipment: { status: 'delivered' } });
      expect((answers[1]!.body as { entries: unknown[] }).entries).toHaveLength(8);
      expect(answers.map((answer) => answer.body)).not.toContainEqual(expect.objectContaining({ applied: expect.anything() }));
    });

    it('pages through orders filtered by customer and status, every one exactly once, in id order', async () => {
      const pages = async (filter: string, limit: number) => {
        const ids: string[] = [];
        let count = 0;
        let cursor: string | undefined;
        do {
          const answer = await call<{ items: OrderView[]; nextCursor?: string }>(`/orders?${filter}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(answer.status).toBe(200);
          expect(staleness(answer.headers)).toMatchObject({ projection: 'orders', generation: '1' });
          expect(answer.body.items.length).toBeLessThanOrEqual(limit);
          for (const item of answer.body.items) expect(item).toEqual(modelOf('orders', item.orderId));
          ids.push(...answer.body.items.map((item) => item.orderId));
          cursor = answer.body.nextCursor;
          count += 1;
        } while (cursor && count < 50);
        return { ids, pages: count };
      };
      const expected = (keep: (order: (typeof orders)[number]) => boolean) =>
        orders
          .filter(keep)
          .map((order) => order.id)
          .sort();

      // cus_ada's orders are 0, 3, 6 … 21: confirmed at 1 and 2 of every 8 → 6, 15, … (3 of them)
      const confirmedOfAda = expected((order) => order.customerId === 'cus_ada' && order.journey === 'confirmed');
      expect(confirmedOfAda.length).toBeGreaterThanOrEqual(3);
      expect(await pages('customerId=cus_ada&status=confirmed', 2)).toEqual({ ids: confirmedOfAda, pages: Math.ceil(confirmedOfAda.length / 2) });

      const ofGrace = expected((order) => order.customerId === 'cus_grace');
      expect(ofGrace).toHaveLength(8);
      // a last page that is exactly full has no nextCursor: no empty page after it
      expect(await pages('customerId=cus_grace', 4)).toEqual({ ids: ofGrace, pages: 2 });

      const cancelled = expected((order) => order.journey === 'declined');
      expect(await pages('status=cancelled', 2)).toEqual({ ids: cancelled, pages: Math.ceil(cancelled.length / 2) });

      const all = [...orders.map((order) => order.id), delivered.id].sort();
      expect(await pages('', 7)).toEqual({ ids: all, pages: Math.ceil(all.length / 7) });
    });

    it('pages 20 at a time when no limit is given', async () => {
      const first = await call<{ items: OrderView[]; nextCursor?: string }>('/orders');
      expect(first.body.items).toHaveLength(20);
      const rest = await call<{ items: OrderView[]; nextCursor?: string }>(`/orders?cursor=${first.body.nextCursor}`);
      expect(rest.body).toEqual({ items: expect.any(Array) });
      expect(rest.body.items).toHaveLength(5);
    });
  });

  describe('refusals', () => {
    it.each([
      ['/orders?status=paid', ['status']],
      ['/orders?limit=0', ['limit']],
      ['/orders?limit=101', ['limit']],
      ['/orders?limit=ten', ['limit']],
      ['/orders?cursor=not-one-of-ours!', ['cursor']],
      ['/orders?customer=cus_ada', ['customer']],
      ['/orders?status=confirmed&status=placed', ['status']],
      ['/orders/x/state', ['version', 'at']],
      ['/orders/x/state?version=1&at=2026-11-27T10:00:00Z', ['version', 'at']],
      ['/orders/x/state?version=0', ['version']],
      ['/orders/x/state?version=two', ['version']],
      ['/orders/x/state?at=2026-11-27T10:00:00', ['at']],
      ['/orders/x/state?at=last-tuesday', ['at']],
    ])('answers %s with 400 naming %j', async (path, fields) => {
      const answer = await call<{ type: string; errors: { field: string }[] }>(path);
      expect({ status: answer.status, type: answer.body.type, fields: answer.body.errors.map((error) => error.field) }).toEqual({
        status: 400,
        type: problemType('invalid-request'),
        fields,
      });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers 404 for what is not in the read model, with the staleness of the read model it looked in', async () => {
      const missing = uniqueName('missing');
      const cases = [
        [`/orders/${missing}`, 'order-not-found', 'orders'],
        [`/orders/${missing}/timeline`, 'order-not-found', 'order_timeline'],
        [`/orders/${missing}/state?version=1`, 'order-not-found', 'order_timeline'],
        [`/payments/${missing}`, 'payment-not-found', 'payments'],
        [`/shipments/${missing}`, 'shipment-not-found', 'shipments'],
      ];
      for (const [path, type, projection] of cases) {
        const answer = await call<{ type: string }>(path!);
        expect({ path, status: answer.status, type: answer.body.type, projection: answer.headers.get('rewind-projection'), generation: answer.headers.get('rewind-generation') }).toEqual({
          path,
          status: 404,
          type: problemType(type!),
          projection,
          generation: '1',
        });
        expect(answer.headers.get('rewind-lag')).toMatch(/^\d+$/);
      }
    });
  });

  describe('rewind', () => {
    // the timeline holds no payment token, so neither does a state rewound from it
    const details = { customerId: 'cus_barbara', currency: 'EUR', lines, shippingAddress: address, paymentToken: REDACTED, totalCents: 4400 };
    // the delivered order's own events: placed at +0, confirmed at +2, shipped at +5, delivered at +7 minutes
    const state = (query: string) => call<Record<string, unknown>>(`/orders/${delivered.id}/state?${query}`);

    it('folds the order’s own events up to a version', async () => {
      expect(await state('version=1')).toMatchObject({
        status: 200,
        body: { orderId: delivered.id, version: 1, occurredAt: minute(delivered.start), state: { status: 'placed', ...details } },
      });
      expect((await state('version=2')).body).toEqual({
        orderId: delivered.id,
        version: 2,
        occurredAt: minute(delivered.start + 2),
        state: { status: 'confirmed', ...details, paymentId: delivered.id },
      });
      expect((await state('version=4')).body).toEqual({
        orderId: delivered.id,
        version: 4,
        occurredAt: minute(delivered.start + 7),
        state: { status: 'delivered', ...details, paymentId: delivered.id, shipmentId: delivered.id },
      });
      expect(staleness((await state('version=4')).headers)).toMatchObject({ projection: 'order_timeline', generation: '1' });
    });

    it('folds the events that had occurred by an instant, in any offset', async () => {
      // +4 minutes: confirmed, its shipment dispatched but the order not yet marked shipped
      expect((await state(`at=${minute(delivered.start + 4)}`)).body).toMatchObject({ version: 2, occurredAt: minute(delivered.start + 2), state: { status: 'confirmed' } });
      const shippedAt = minute(delivered.start + 5);
      expect((await state(`at=${shippedAt}`)).body).toMatchObject({ version: 3, state: { status: 'shipped', shipmentId: delivered.id } });
      // the same instant as Berlin's clocks showed it
      const inBerlin = new Date(Date.parse(shippedAt) + 3_600_000).toISOString().replace('Z', '+01:00');
      expect((await state(`at=${encodeURIComponent(inBerlin)}`)).body).toMatchObject({ version: 3 });
    });

    it('answers 404 naming the point outside the order’s history', async () => {
      const beyond = await call<{ type: string; detail: string }>(`/orders/${delivered.id}/state?version=5`);
      expect(beyond).toMatchObject({ status: 404, body: { type: problemType('order-version-not-found'), detail: expect.stringContaining('version 5') } });
      expect(beyond.body.detail).toContain('last version, 4');
      const before = await call<{ detail: string }>(`/orders/${delivered.id}/state?at=${minute(delivered.start - 1)}`);
      expect(before).toMatchObject({ status: 404, body: { detail: expect.stringMatching(/^at .* is before order .* first event/) } });
      expect(staleness(before.headers)).toMatchObject({ projection: 'order_timeline', generation: '1' });
    });
  });

  describe('staleness', () => {
    it('counts the records of the source topics the live generation has not folded in, measured anew after a second', async () => {
      const id = delivered.id;
      const before = await call(`/orders/${id}`);
      expect(staleness(before.headers)).toEqual({ projection: 'orders', generation: '1', lag: '0' });
      const measuredBefore = Date.parse(before.headers.get('rewind-lag-measured-at') ?? '');
      expect(measuredBefore).toBeGreaterThan(Date.now() - 60_000);

      // five records of the orders topic that no projector has folded in
      const extra = [...journey(randomUUID(), 'cus_lag', 'delivered', 900), ...journey(randomUUID(), 'cus_lag', 'placed', 950)].filter((seed) => seed.stream === 'orders');
      expect(extra).toHaveLength(5);
      await produce(serviceTopicNames(`${namespace}orders`).events, extra);

      const after = await eventually(() => call(`/orders/${id}`), (answer) => answer.headers.get('rewind-lag') === '5');
      expect(Date.parse(after.headers.get('rewind-lag-measured-at') ?? '')).toBeGreaterThan(measuredBefore);
      expect(staleness((await eventually(() => call(`/orders/${id}/timeline`), (answer) => answer.headers.get('rewind-lag') === '5')).headers)).toEqual({
        projection: 'order_timeline',
        generation: '1',
        lag: '5',
      });
      // payments do not read the orders topic
      expect(staleness((await call(`/payments/${id}`)).headers)).toEqual({ projection: 'payments', generation: '1', lag: '0' });
      const list = await call('/orders?limit=1');
      expect(list.headers.get('rewind-lag')).toBe('5');
    });

    it('still answers when Kafka cannot be asked, its lag unknown', async () => {
      const unreachable = await freePort(); // nothing listens there
      const port = await freePort();
      const cut = await startQueryApi(
        queryApiConfig({
          KAFKA_BROKERS: `127.0.0.1:${unreachable}`,
          MONGODB_URI: testServers().mongoUri,
          MONGODB_DATABASE: database.db.databaseName,
          TOPIC_NAMESPACE: namespace,
          PORT: String(port),
          LOG_LEVEL: 'error',
          LAG_TIMEOUT_MS: '300',
          ...authEnv,
        }),
      );
      try {
        const answer = await fetch(`http://127.0.0.1:${port}/orders/${delivered.id}`, { headers: await bearer('operator') });
        expect({ status: answer.status, body: await answer.json(), ...staleness(answer.headers), measuredAt: answer.headers.get('rewind-lag-measured-at') }).toEqual({
          status: 200,
          body: modelOf('orders', delivered.id),
          projection: 'orders',
          generation: '1',
          lag: 'unknown',
          measuredAt: null,
        });
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 503, body: { status: 'unavailable', checks: { mongodb: true, kafka: false } } });
        expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
        expect((await fetch(`http://127.0.0.1:${port}/projections`, { headers: asAdmin })).status).toBe(503);
        expect((await fetch(`http://127.0.0.1:${port}/projections/orders/rebuild`, { method: 'POST', headers: asAdmin })).status).toBe(503);
      } finally {
        await cut.close();
      }
    });
  });

  describe('projections', () => {
    it('lists every projection with its live generation and its lag per source partition', async () => {
      const answer = await call<{ name: string; live: number; state: string; lag: { records: number; partitions: { topic: string }[] } }[]>('/projections');
      expect(answer.status).toBe(200);
      expect(answer.body.map(({ name, live, state }) => ({ name, live, state }))).toEqual(catalog.map(({ name }) => ({ name, live: 1, state: 'live' })));
      const topicsOf = (name: string) => [...new Set(answer.body.find((status) => status.name === name)?.lag.partitions.map((partition) => partition.topic))];
      expect(topicsOf('orders')).toEqual(['orders', 'payments', 'shipments'].map((service) => `${namespace}${service}.events`));
      expect(topicsOf('payments')).toEqual([`${namespace}payments.events`]);

      expect(await call('/projections/payments')).toMatchObject({ status: 200, body: { name: 'payments', live: 1, state: 'live', lag: { records: 0 } } });
      expect(await call('/projections/nope')).toMatchObject({
        status: 404,
        body: { type: problemType('projection-not-found'), known: ['orders', 'order_timeline', 'payments', 'shipments'] },
      });
    });

    it('records a rebuild up to the source topics’ ends now, and keeps reading the live generation meanwhile', async () => {
      const shipmentsTopic = serviceTopicNames(`${namespace}shipments`).events;
      await produce(shipmentsTopic, journey(randomUUID(), 'cus_rebuild', 'shipped', 1000).filter((seed) => seed.stream === 'shipments'));
      const target = (await admin.fetchTopicOffsets(shipmentsTopic))
        .map(({ partition, low, high }) => ({ topic: shipmentsTopic, partition, start: Number(low), end: Number(high) }))
        .sort((a, b) => a.partition - b.partition);

      const asked = await call<Record<string, unknown>>('/projections/shipments/rebuild', { method: 'POST', headers: asAdmin });
      expect({ status: asked.status, location: asked.headers.get('location') }).toEqual({ status: 202, location: '/projections/shipments' });
      expect(asked.body).toMatchObject({ name: 'shipments', live: 1, state: 'rebuilding', rebuild: { generation: 2, percent: 0 } });
      const pointer = await database.db.collection<GenerationPointer>(POINTERS_COLLECTION).findOne({ _id: 'shipments' });
      expect(pointer).toEqual({ _id: 'shipments', live: 1, lastGeneration: 2, rebuild: { generation: 2, state: 'rebuilding', requestedAt: expect.any(String), target } });

      // asking again resumes the rebuild recorded, with its first finish line
      const again = await call<Record<string, unknown>>('/projections/shipments/rebuild', { method: 'POST', headers: asAdmin });
      expect(again).toMatchObject({ status: 202, body: { rebuild: { generation: 2, requestedAt: pointer?.rebuild?.requestedAt } } });

      const read = await call(`/shipments/${delivered.id}`);
      expect({ body: read.body, generation: read.headers.get('rewind-generation') }).toEqual({ body: modelOf('shipments', delivered.id), generation: '1' });
      expect((await call('/projections/nope/rebuild', { method: 'POST', headers: asAdmin })).status).toBe(404);
    });

    it('takes a rebuild request only from an admin: 401 without a token or with a bad one, 403 for another role, and none records anything', async () => {
      const pointerBefore = await database.db.collection<GenerationPointer>(POINTERS_COLLECTION).findOne({ _id: 'payments' });
      expect(pointerBefore?.rebuild).toBeUndefined();

      const without = await call<{ type: string; status: number }>('/projections/payments/rebuild', { method: 'POST', anonymous: true });
      expect({ status: without.status, type: without.body.type, authenticate: without.headers.get('www-authenticate'), contentType: without.headers.get('content-type') }).toEqual({
        status: 401,
        type: problemType('unauthorized'),
        authenticate: 'Bearer realm="rewind"',
        contentType: expect.stringContaining('application/problem+json'),
      });
      const basic = await call('/projections/payments/rebuild', { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}` } });
      expect(basic.status).toBe(401);

      // an admin's token with its signature altered: signed by nobody this installation trusts
      const forged = await call<{ type: string; detail: string }>('/projections/payments/rebuild', { method: 'POST', headers: { authorization: `Bearer ${adminToken.slice(0, -8)}AAAAAAAA` } });
      expect({ status: forged.status, type: forged.body.type, authenticate: forged.headers.get('www-authenticate') }).toEqual({
        status: 401,
        type: problemType('invalid-token'),
        authenticate: expect.stringMatching(/^Bearer realm="rewind", error="invalid_token"/),
      });
      const operator = await call<{ type: string; detail: string }>('/projections/payments/rebuild', { method: 'POST' });
      expect({ status: operator.status, type: operator.body.type }).toEqual({ status: 403, type: problemType('forbidden') });
      expect(JSON.stringify(operator.body)).not.toContain(await testToken('operator'));
      // an unknown projection is no way to learn anything without the token either
      expect((await call('/projections/nope/rebuild', { method: 'POST', anonymous: true })).status).toBe(401);

      expect(await database.db.collection<GenerationPointer>(POINTERS_COLLECTION).findOne({ _id: 'payments' })).toEqual(pointerBefore);
      // reads stay open
      expect((await call('/projections/payments')).status).toBe(200);
    });

    it('compares the live generation with the one being rebuilt, for an admin only; a 409 when there is only the live one', async () => {
      // shipments has a rebuild recorded (above) that no projector runs here: generation 2 is empty
      const verified = await call<{ generations: number[]; documents: number[]; onlyIn: string[][]; different: unknown[]; differences: number }>('/projections/shipments/verify', { method: 'POST', headers: asAdmin });
      const shipments = seeded.get('shipments')?.size ?? 0;
      expect(verified).toMatchObject({ status: 200, body: { projection: 'shipments', generations: [1, 2], documents: [shipments, 0], different: [], differences: shipments } });
      expect(verified.body.onlyIn[0]).toHaveLength(Math.min(shipments, 20));

      expect(await call('/projections/order_timeline/verify', { method: 'POST', headers: asAdmin })).toMatchObject({ status: 409, body: { type: problemType('nothing-to-verify') } });
      expect((await call('/projections/nope/verify', { method: 'POST', headers: asAdmin })).status).toBe(404);
      expect((await call('/projections/shipments/verify', { method: 'POST', anonymous: true })).status).toBe(401);
      expect((await call('/projections/shipments/verify', { method: 'POST' })).status).toBe(403);
    });

    it('answers a body over its limit, and one that is not JSON, with a problem naming the body', async () => {
      const post = (body: string) => call<{ status: number; errors: { field: string }[] }>('/projections/payments/rebuild', { method: 'POST', headers: { ...asAdmin, 'content-type': 'application/json' }, body });
      const large = await post(JSON.stringify({ padding: 'x'.repeat(32 * 1024) }));
      expect({ status: large.status, body: large.body.status, field: large.body.errors[0]?.field, type: large.headers.get('content-type') }).toEqual({
        status: 413,
        body: 413,
        field: '(body)',
        type: expect.stringContaining('application/problem+json'),
      });
      expect((await post('{"unclosed": ')).status).toBe(400);
    });

    it('lists dead letters to an admin only, filtered by consumer and key, each value as text or base64', async () => {
      const queue = new DeadLetterQueue({ kafka, topic: `${namespace}${DEAD_LETTER_TOPIC}`, consumer: 'projection.orders.g1' });
      await queue.start();
      await queue.ready();
      const record = (key: string, offset: number, value: Buffer) => ({ topic: `${namespace}orders.events`, partition: 0, offset: String(offset), key: Buffer.from(key), value });
      const letters = [
        queue.deadLetter(record('ord_a', 7, Buffer.from('{"type":"OrderTeleported"}')), 'undecodable: unknown event type "OrderTeleported"'),
        queue.deadLetter(record('ord_a', 8, Buffer.from('{"type":"OrderPlaced"}')), 'held'),
        queue.deadLetter(record('ord_b', 9, Buffer.from([0xde, 0xad, 0xbe, 0xef])), 'undecodable: the record value is not JSON'),
      ];
      await queue.write(letters.filter((letter) => letter !== undefined));
      await queue.stop();

      expect((await call('/dead-letters', { anonymous: true })).status).toBe(401);
      expect((await call('/dead-letters')).status).toBe(403);
      const all = await call<{ total: number; deadLetters: { key: string; reason: string; source: { offset: string }; value?: string; valueBase64?: string; consumer: string }[] }>('/dead-letters', { headers: asAdmin });
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.deadLetters.map(({ key, reason, source, value, valueBase64, consumer }) => ({ key, reason, offset: source.offset, value, valueBase64, consumer }))).toEqual(
        expect.arrayContaining([
          { key: 'ord_a', reason: 'undecodable: unknown event type "OrderTeleported"', offset: '7', value: '{"type":"OrderTeleported"}', valueBase64: undefined, consumer: 'projection.orders.g1' },
          { key: 'ord_a', reason: expect.stringMatching(/^held behind .*@7$/), offset: '8', value: '{"type":"OrderPlaced"}', valueBase64: undefined, consumer: 'projection.orders.g1' },
          { key: 'ord_b', reason: 'undecodable: the record value is not JSON', offset: '9', value: undefined, valueBase64: '3q2+7w==', consumer: 'projection.orders.g1' },
        ]),
      );
      const byKey = await call<{ total: number }>('/dead-letters?key=ord_a&limit=1', { headers: asAdmin });
      expect({ status: byKey.status, total: byKey.body.total, shown: (byKey.body as unknown as { deadLetters: unknown[] }).deadLetters.length }).toEqual({ status: 200, total: 2, shown: 1 });
      expect((await call<{ total: number }>('/dead-letters?consumer=payments.reactions', { headers: asAdmin })).body.total).toBe(0);
      const invalid = await call<{ errors: { field: string }[] }>('/dead-letters?limit=0&colour=red', { headers: asAdmin });
      expect({ status: invalid.status, fields: invalid.body.errors.map((error) => error.field).sort() }).toEqual({ status: 400, fields: ['colour', 'limit'] });
    });

    it('asks a consumer to replay its dead letters, for an admin only; a 404 when it holds none, a 409 when no member of it runs, a 400 naming the field at fault', async () => {
      const replay = (body: unknown, headers: Record<string, string> = asAdmin) =>
        call<{ consumer: string; keys: { key: string; letters: number }[]; errors: { field: string }[] }>('/dead-letters/replay', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      // an operator's token (what `call` sends when none is given), then one that is no token at all
      expect((await replay({ consumer: 'projection.orders.g1' }, {})).status).toBe(403);
      expect((await replay({ consumer: 'projection.orders.g1' }, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await replay({ consumer: 'payments.reactions' })).status).toBe(404);
      const invalid = await replay({ consumer: 'no spaces allowed', key: '', extra: 1 });
      expect({ status: invalid.status, fields: invalid.body.errors.map((error) => error.field).sort() }).toEqual({ status: 400, fields: ['(body)', 'consumer', 'key'] });

      // no member of the group runs: nobody would carry the replay out, so it is refused, and nothing is asked
      const refused = await replay({ consumer: 'projection.orders.g1', key: 'ord_a' });
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 409,
        body: expect.objectContaining({ type: problemType('consumer-not-running'), consumer: 'projection.orders.g1', detail: expect.stringContaining('no member of consumer group projection.orders.g1 is running') }),
      });
      // a member that handles no replays: the letters stay listed, marked as waiting for it
      const member = kafka.consumer({ groupId: 'projection.orders.g1', sessionTimeout: 6_000 });
      const joined = new Promise<void>((resolve) => member.on(member.events.GROUP_JOIN, () => resolve()));
      await member.connect();
      await member.subscribe({ topic: serviceTopicNames(`${namespace}orders`).events });
      await member.run({ eachMessage: async () => undefined });
      await joined;
      const requested = await replay({ consumer: 'projection.orders.g1', key: 'ord_a' });
      await member.disconnect();
      expect({ status: requested.status, consumer: requested.body.consumer, keys: requested.body.keys.map(({ key, letters }) => ({ key, letters })) }).toEqual({ status: 202, consumer: 'projection.orders.g1', keys: [{ key: 'ord_a', letters: 2 }] });
      const listed = await call<{ deadLetters: { key: string; replayRequested: boolean }[] }>('/dead-letters?consumer=projection.orders.g1', { headers: asAdmin });
      expect(listed.body.deadLetters.map(({ key, replayRequested }) => [key, replayRequested]).sort()).toEqual([
        ['ord_a', true],
        ['ord_a', true],
        ['ord_b', false],
      ]);
    });

    it('follows a flip of the pointer on the very next query', async () => {
      const id = delivered.id;
      const rebuilt: OrderView = { ...(modelOf('orders', id) as OrderView), status: 'cancelled', cancellationReason: 'rebuilt differently' };
      await database.db.collection<StoredDocument<OrderView>>(generationCollection('orders', 2)).insertOne({ _id: id, model: rebuilt, applied: { orders: 4 } });
      expect((await call(`/orders/${id}`)).headers.get('rewind-generation')).toBe('1');

      await database.db.collection<GenerationPointer>(POINTERS_COLLECTION).replaceOne({ _id: 'orders' }, { live: 2 }, { upsert: true });

      const answer = await call(`/orders/${id}`);
      expect({ body: answer.body, generation: answer.headers.get('rewind-generation') }).toEqual({ body: rebuilt, generation: '2' });
      expect((await call('/orders')).body).toEqual({ items: [rebuilt] });
      // the lag is the new generation's: its group has folded nothing yet, so every record of the sources counts
      const sources = (['orders', 'payments', 'shipments'] as const).map((service) => serviceTopicNames(`${namespace}${service}`).events);
      const records = (await Promise.all(sources.map((topic) => admin.fetchTopicOffsets(topic)))).flat().reduce((sum, { low, high }) => sum + Number(high) - Number(low), 0);
      expect(records).toBeGreaterThanOrEqual(5);
      const measured = await eventually(() => call(`/orders/${id}`), (next) => next.headers.get('rewind-lag') !== 'unknown');
      expect(staleness(measured.headers)).toEqual({ projection: 'orders', generation: '2', lag: String(records) });
    });
  });

  it('serves a built explorer under /explorer/ when EXPLORER_DIR names one, and refuses to start on a folder without it', async () => {
    const built = mkdtempSync(join(tmpdir(), 'explorer-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>Rewind explorer</title>');
    writeFileSync(join(built, 'assets', 'app.js'), 'console.log("explorer")');
    const settings = {
      KAFKA_BROKERS: testServers().kafkaBrokers,
      MONGODB_URI: testServers().mongoUri,
      MONGODB_DATABASE: database.db.databaseName,
      TOPIC_NAMESPACE: namespace,
      LOG_LEVEL: 'error',
      ...authEnv,
    };
    const port = await freePort();
    const withExplorer = await startQueryApi(queryApiConfig({ ...settings, PORT: String(port), EXPLORER_DIR: built }));
    try {
      const page = await fetch(`http://127.0.0.1:${port}/explorer`);
      expect({ status: page.status, url: new URL(page.url).pathname, type: page.headers.get('content-type'), body: await page.text() }).toEqual({
        status: 200,
        url: '/explorer/',
        type: expect.stringContaining('text/html'),
        body: '<!doctype html><title>Rewind explorer</title>',
      });
      expect((await fetch(`http://127.0.0.1:${port}/explorer/assets/app.js`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/explorer/nope.js`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/orders/${delivered.id}`, { headers: await bearer('operator') })).status).toBe(200);
    } finally {
      await withExplorer.close();
    }
    // the app under test has none
    expect((await fetch(`${base}/explorer/`)).status).toBe(404);

    const empty = mkdtempSync(join(tmpdir(), 'explorer-'));
    await expect(startQueryApi(queryApiConfig({ ...settings, PORT: String(await freePort()), EXPLORER_DIR: empty }))).rejects.toThrow(/EXPLORER_DIR/);
  });

  it('says who a token is on GET /me, the roles read from the configured claim', async () => {
    const me = await call('/me', { headers: await bearer('customer', 'cus_me') });
    expect({ status: me.status, body: me.body }).toEqual({ status: 200, body: { subject: 'cus_me', role: 'customer', roles: ['customer'] } });
    expect((await call('/me', { anonymous: true })).status).toBe(401);
  });

  it('describes its API in OpenAPI, with the staleness headers, and answers health', async () => {
    const document = (await call<{ paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>> }>('/docs-json')).body;
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/orders',
        '/orders/{orderId}',
        '/orders/{orderId}/timeline',
        '/orders/{orderId}/state',
        '/payments/{paymentId}',
        '/shipments/{shipmentId}',
        '/projections',
        '/projections/{name}',
        '/projections/{name}/rebuild',
        '/projections/{name}/verify',
        '/dead-letters',
        '/dead-letters/replay',
        '/repairs',
        '/repairs/plans',
        '/repairs/plans/{planId}',
        '/repairs/plans/{planId}/apply',
        '/me',
      ].sort(),
    );
    for (const path of ['/orders', '/orders/{orderId}', '/orders/{orderId}/state', '/payments/{paymentId}']) {
      expect(Object.keys(document.paths[path]?.['get']?.responses['200']?.headers ?? {})).toEqual(['Rewind-Projection', 'Rewind-Generation', 'Rewind-Lag', 'Rewind-Lag-Measured-At']);
    }
    // every operation takes a bearer token (health and the document itself are not in it), and says which roles it is for
    const security = (document as unknown as { components: { securitySchemes: Record<string, unknown> } }).components.securitySchemes;
    expect(security).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) });
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { security?: unknown; responses: Record<string, { description?: string }> }>).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.filter(({ operation }) => JSON.stringify(operation.security) !== JSON.stringify([{ bearer: [] }])).map(({ path, method }) => `${method} ${path}`)).toEqual([]);
    const adminOnly = operations.filter(({ operation }) => operation.responses['403']?.description?.endsWith('this endpoint: admin')).map(({ path, method }) => `${method} ${path}`);
    expect(adminOnly.sort()).toEqual(
      [
        'post /projections/{name}/rebuild',
        'post /projections/{name}/verify',
        'get /dead-letters',
        'post /dead-letters/replay',
        'get /repairs',
        'post /repairs/plans',
        'get /repairs/plans',
        'get /repairs/plans/{planId}',
        'post /repairs/plans/{planId}/apply',
      ].sort(),
    );
    expect(Object.keys(document.paths['/projections/{name}/rebuild']?.['post']?.responses ?? {})).toEqual(expect.arrayContaining(['202', '401', '403']));
    expect(await call('/health/ready')).toMatchObject({ status: 200, body: { checks: { mongodb: true, kafka: true } } });
  });

  // last: it writes to the orders topic, which the staleness tests count
  it('plans a repair from the log for an admin: the catalog, the plan while planning and once planned, and the list', async () => {
    const kinds = await call<{ name: string }[]>('/repairs', { headers: asAdmin });
    expect(kinds.body.map((kind) => kind.name)).toContain('unit-price');

    // orders placed at the wrong price, as the log holds them: two still open, one cancelled since
    const open = [randomUUID(), randomUUID()];
    const cancelled = randomUUID();
    const placed = [...open.map((id, index) => journey(id, 'cus_repair', 'confirmed', 100 + index * 10)), journey(cancelled, 'cus_repair', 'declined', 130)];
    await produce(serviceTopicNames(`${namespace}orders`).events, placed.flat().filter((seed) => seed.stream === 'orders'));

    const params = { sku: 'MUG-ESPRESSO', charged: '1250', price: '1150', from: minute(100), until: minute(140) };
    const post = { method: 'POST', headers: { ...asAdmin, 'content-type': 'application/json' } };
    const started = await call<{ planId: string; status: string }>('/repairs/plans', { ...post, body: JSON.stringify({ repair: 'unit-price', params }) });
    expect(started).toMatchObject({ status: 202, body: { status: 'planning', params } });

    type Plan = { status: string; entries: { aggregateId: string }[]; left: { aggregateId: string }[] };
    const plan = await eventually(
      () => call<Plan>(`/repairs/plans/${started.body.planId}`, { headers: asAdmin }),
      (answer) => answer.body.status !== 'planning',
    );
    expect(plan.body).toMatchObject({ status: 'planned', totals: { corrections: 2, left: 1 } });
    expect(plan.body.entries.map((entry) => entry.aggregateId).sort()).toEqual([...open].sort());
    expect(plan.body.left.map((entry) => entry.aggregateId)).toEqual([cancelled]);

    const list = await call<{ plans: { planId: string; status: string }[] }>('/repairs/plans', { headers: asAdmin });
    expect(list.body.plans).toContainEqual(expect.objectContaining({ planId: started.body.planId, status: 'planned' }));
  });
});
