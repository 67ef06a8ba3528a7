import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectionCatalog } from '@rewind/projections';
import { eventually, http, type Saga, type ServiceName, startSaga, uniqueName } from '@rewind/testing';

// One log format, request ids, access lines, retried broker answers below ERROR, and the lag series
// of every app's /metrics, on the five apps as real processes (their output goes to tmp/e2e-logs).
const newOrder = {
  customerId: 'cus_observed',
  currency: 'EUR',
  lines: [{ sku: 'MUG-ESPRESSO', quantity: 2, unitPriceCents: 1250 }],
  shippingAddress: { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' },
  paymentToken: 'tok_visa',
};
const APPS: readonly ServiceName[] = ['order-service', 'payment-service', 'shipping-service', 'projector', 'query-api'];

type Line = Record<string, unknown>;

describe('what the apps tell an operator', () => {
  let saga: Saga;
  beforeAll(async () => {
    // debug: the lines a retried answer is written at must be there to be found
    saga = await startSaga({ LOG_LEVEL: 'debug' });
  });
  afterAll(() => saga?.stop());

  const logOf = (app: ServiceName): string[] => readFileSync(join(saga.logDir, `${app}.log`), 'utf8').split('\n').filter(Boolean);
  const linesOf = (app: ServiceName): Line[] => logOf(app).map((text) => JSON.parse(text) as Line);
  const service = (app: ServiceName) => [saga.orders, saga.payments, saga.shipping, saga.projector, saga.query].find((candidate) => candidate.name === app)!;

  it('puts a request’s id on its access line and on the line of the command it sent, with the command’s correlation id', async () => {
    const requestId = uniqueName('req');
    const key = uniqueName('order');
    const placed = await http<{ orderId: string }>(saga.orders.url('/orders'), { body: newOrder, headers: { 'X-Request-Id': requestId, 'Idempotency-Key': key } });
    expect(placed.status).toBe(201);
    expect(placed.headers.get('x-request-id')).toBe(requestId);

    const ofRequest = await eventually(
      async () => linesOf('order-service').filter((line) => line['requestId'] === requestId),
      (lines) => lines.some((line) => line['message'] === 'request answered'),
    );
    // an HTTP command correlates itself: its correlation id is its command id, the Idempotency-Key
    expect(ofRequest).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', message: 'command answered', type: 'PlaceOrder', commandId: key, correlationId: key, aggregateId: placed.body.orderId, outcome: 'accepted' }),
        expect.objectContaining({ level: 'info', message: 'request answered', method: 'POST', path: '/orders', status: 201, durationMs: expect.any(Number), correlationId: key }),
      ]),
    );
    // the order's payment token is never written
    expect(logOf('order-service').join('\n')).not.toContain('tok_visa');
  });

  it('takes a request’s id from its traceparent, and logs probes at debug', async () => {
    const trace = uniqueName('t').replace(/[^0-9a-f]/g, '').padEnd(32, 'a').slice(0, 32);
    const answer = await http(saga.query.url('/health/ready'), { headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` } });
    expect(answer.headers.get('x-request-id')).toBe(trace);
    const access = await eventually(
      async () => linesOf('query-api').find((line) => line['requestId'] === trace),
      (line) => line !== undefined,
    );
    expect(access).toMatchObject({ level: 'debug', message: 'request answered', method: 'GET', path: '/health/ready', status: 200 });
  });

  it('lists the lag of every consumer group an app runs, each projection’s lag, on every app’s /metrics', async () => {
    // work for every group: orders through the whole saga
    await Promise.all(Array.from({ length: 8 }, () => http(saga.orders.url('/orders'), { body: newOrder })));
    const metrics = (app: ServiceName) => fetch(service(app).url('/metrics')).then((answer) => answer.text());
    const series = (text: string, name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`));
    const groupsIn = (text: string) => new Set(series(text, 'rewind_consumer_lag').map((line) => /group="([^"]+)"/.exec(line)?.[1]));
    const ns = saga.namespace;
    const expected: Partial<Record<ServiceName, string[]>> = {
      'order-service': [`${ns}orders.command-processor`, `${ns}orders.reactions`],
      'payment-service': [`${ns}payments.command-processor`, `${ns}payments.reactions`],
      'shipping-service': [`${ns}shipments.command-processor`, `${ns}shipments.reactions`],
    };
    for (const [app, groups] of Object.entries(expected) as [ServiceName, string[]][]) {
      const text = await eventually(
        () => metrics(app),
        (found) => groups.every((group) => groupsIn(found).has(group)),
      );
      expect(series(text, 'rewind_consumer_lag')[0]).toMatch(/^rewind_consumer_lag\{group="[^"]+",topic="[^"]+",partition="\d+"\} \d+$/);
    }
    // the projector: a live group per projection, and each projection's lag; the query API: each projection's lag
    const projections = projectionCatalog('').map((definition) => definition.name).sort();
    const projector = await eventually(
      () => metrics('projector'),
      (found) => projections.every((name) => [...groupsIn(found)].some((group) => group?.startsWith(`${ns}projection.${name}.g`))),
    );
    for (const text of [projector, await metrics('query-api')]) {
      expect(series(text, 'rewind_projection_lag_records').map((line) => /projection="([^"]+)"/.exec(line)?.[1]).sort()).toEqual(projections);
    }
  });

  // that a retried broker answer is written below ERROR is shown where one can be provoked at will:
  // libs/service-kit/src/kafkajs-log.int.spec.ts
  it('writes every line of every app in one JSON format, and no ERROR line in the normal course of things', async () => {
    const lines = APPS.flatMap((app) => linesOf(app).map((line) => ({ app, line })));
    for (const { app, line } of lines) {
      expect({ app, time: typeof line['time'], level: line['level'], service: line['service'], message: typeof line['message'] }).toEqual({
        app,
        time: 'string',
        level: expect.stringMatching(/^(debug|info|warn|error)$/),
        service: app,
        message: 'string',
      });
    }
    expect(lines.filter(({ line }) => line['level'] === 'error')).toEqual([]);
  });
});
