import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditEventLog, eventually, http, readTopicToEnd, startSaga, testKafka, uniqueName, type Saga, type ServiceProcess, type TestRole } from '@rewind/testing';

// docs/security.md's table, walked: every endpoint without a token, then as each role. An allowed
// call is sent so that a business rule or the body refuses it (400, 404 for no such thing, 422):
// the walk changes nothing, and what it checks is who gets past the door.
type Who = 'customer' | 'other customer' | Exclude<TestRole, 'customer'>;
type Rule = 'allow' | 'own' | 'deny';
interface Endpoint {
  readonly service: 'orders' | 'payments' | 'shipping' | 'query';
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** Per role; a role not named is denied. `own`: the order's customer only; another customer gets a 404. */
  readonly roles: Partial<Record<TestRole, 'allow' | 'own'>>;
}

export const securityTable: readonly Endpoint[] = [
  { service: 'orders', method: 'POST', path: '/orders', body: 'new-order', roles: { customer: 'allow' } },
  { service: 'orders', method: 'GET', path: '/orders/$ORDER', roles: { customer: 'own', operator: 'allow' } },
  { service: 'orders', method: 'POST', path: '/orders/$ORDER/cancel', body: {}, roles: { customer: 'own', operator: 'allow' } },
  { service: 'orders', method: 'POST', path: '/orders/$ORDER/corrections/shipping-address', body: {}, roles: { operator: 'allow' } },
  { service: 'orders', method: 'POST', path: '/orders/$ORDER/corrections/line-prices', body: {}, roles: { operator: 'allow' } },
  { service: 'payments', method: 'GET', path: '/payments/$ORDER', roles: { operator: 'allow' } },
  { service: 'shipping', method: 'GET', path: '/shipments/$ORDER', roles: { operator: 'allow', warehouse: 'allow' } },
  { service: 'shipping', method: 'POST', path: '/shipments/$ORDER/dispatch', body: {}, roles: { warehouse: 'allow' } },
  { service: 'shipping', method: 'POST', path: '/shipments/$ORDER/deliver', roles: { warehouse: 'allow' } },
  { service: 'shipping', method: 'POST', path: '/shipments/$ORDER/fail', body: {}, roles: { warehouse: 'allow' } },
  { service: 'shipping', method: 'POST', path: '/shipments/$ORDER/corrections/reverse-delivery', body: {}, roles: { operator: 'allow' } },
  { service: 'query', method: 'GET', path: '/orders', roles: { customer: 'allow', operator: 'allow', warehouse: 'allow' } },
  { service: 'query', method: 'GET', path: '/orders/$ORDER', roles: { customer: 'own', operator: 'allow', warehouse: 'allow' } },
  { service: 'query', method: 'GET', path: '/orders/$ORDER/timeline', roles: { customer: 'own', operator: 'allow' } },
  { service: 'query', method: 'GET', path: '/orders/$ORDER/state?version=1', roles: { customer: 'own', operator: 'allow' } },
  { service: 'query', method: 'GET', path: '/payments/$ORDER', roles: { operator: 'allow' } },
  { service: 'query', method: 'GET', path: '/shipments/$ORDER', roles: { operator: 'allow', warehouse: 'allow' } },
  { service: 'query', method: 'GET', path: '/projections', roles: { admin: 'allow', operator: 'allow' } },
  { service: 'query', method: 'GET', path: '/projections/orders', roles: { admin: 'allow', operator: 'allow' } },
  { service: 'query', method: 'POST', path: '/projections/nope/rebuild', roles: { admin: 'allow' } },
  { service: 'query', method: 'POST', path: '/projections/nope/verify', roles: { admin: 'allow' } },
  { service: 'query', method: 'GET', path: '/dead-letters', roles: { admin: 'allow' } },
  { service: 'query', method: 'POST', path: '/dead-letters/replay', body: {}, roles: { admin: 'allow' } },
  { service: 'query', method: 'GET', path: '/repairs', roles: { admin: 'allow' } },
  { service: 'query', method: 'POST', path: '/repairs/plans', body: {}, roles: { admin: 'allow' } },
  { service: 'query', method: 'GET', path: '/repairs/plans', roles: { admin: 'allow' } },
  { service: 'query', method: 'POST', path: '/repairs/plans/nope/apply', roles: { admin: 'allow' } },
  { service: 'query', method: 'GET', path: '/me', roles: { customer: 'allow', operator: 'allow', warehouse: 'allow', admin: 'allow' } },
];

const everyone: readonly Who[] = ['customer', 'other customer', 'operator', 'warehouse', 'admin'];

describe('who may do what (docs/security.md), over HTTP', () => {
  let saga: Saga;
  const customer = uniqueName('cus_a');
  const otherCustomer = uniqueName('cus_b');
  // a token the gateway authorises, unique to this run: no answer, log line or page may hold it
  const cardToken = `tok_visa_${randomUUID().replace(/-/g, '')}`;
  let orderId = '';

  beforeAll(async () => {
    saga = await startSaga();
    const placed = await http<{ orderId: string }>(saga.orders.url('/orders'), {
      body: {
        customerId: customer,
        currency: 'EUR',
        lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }],
        shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        paymentToken: cardToken,
      },
    });
    expect(placed.status).toBe(201);
    orderId = placed.body.orderId;
    // confirmed, and its shipment scheduled: every read below has something to read
    await eventually(
      () => http<{ shipment?: { status: string } }>(saga.query.url(`/orders/${orderId}`)),
      (answer) => answer.body.shipment?.status === 'scheduled',
    );
  });
  afterAll(() => saga?.stop());

  const serviceOf = (endpoint: Endpoint): ServiceProcess => ({ orders: saga.orders, payments: saga.payments, shipping: saga.shipping, query: saga.query })[endpoint.service];
  const callerOf = (who: Who) => (who === 'customer' ? { role: 'customer' as const, subject: customer } : who === 'other customer' ? { role: 'customer' as const, subject: otherCustomer } : { role: who });
  const send = (endpoint: Endpoint, as: Parameters<typeof http>[1] extends infer I ? (I extends { as?: infer A } ? A : never) : never, subject?: string) => {
    const body =
      endpoint.body === 'new-order'
        ? { customerId: subject ?? 'nobody', currency: 'EUR', lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1 }], shippingAddress: {}, paymentToken: 'tok_visa' }
        : endpoint.body;
    return http(serviceOf(endpoint).url(endpoint.path.replace('$ORDER', orderId)), { method: endpoint.method, ...(body === undefined ? {} : { body }), as });
  };
  const ordersEvents = async () => auditEventLog(await readTopicToEnd(testKafka(uniqueName('security')), `${saga.namespace}orders.events`)).byAggregate.get(orderId) ?? [];

  it('answers every endpoint without a token with 401 problem+json and WWW-Authenticate: Bearer', async () => {
    for (const endpoint of securityTable) {
      const answer = await send(endpoint, 'anonymous');
      expect({ endpoint: `${endpoint.method} ${endpoint.path}`, status: answer.status, type: answer.headers.get('content-type'), authenticate: answer.headers.get('www-authenticate') }).toEqual({
        endpoint: `${endpoint.method} ${endpoint.path}`,
        status: 401,
        type: expect.stringContaining('application/problem+json'),
        authenticate: 'Bearer realm="rewind"',
      });
    }
  });

  it('holds the table for each role against each endpoint, and the walk appends nothing to the order', async () => {
    const before = await ordersEvents();
    const seen: string[] = [];
    const expected: string[] = [];
    for (const endpoint of securityTable) {
      for (const who of everyone) {
        const caller = callerOf(who);
        const rule: Rule = endpoint.roles[caller.role] ?? 'deny';
        const answer = await send(endpoint, caller, caller.subject);
        const outcome = answer.status === 401 ? '401' : answer.status === 403 ? '403' : answer.status === 404 ? '404' : 'through';
        seen.push(`${endpoint.method} ${endpoint.path} as ${who}: ${outcome}`);
        // a customer's own order is there; another customer's answers as if there were none
        const want = rule === 'deny' ? '403' : rule === 'own' && who === 'other customer' ? '404' : endpoint.path.includes('nope') ? '404' : 'through';
        expected.push(`${endpoint.method} ${endpoint.path} as ${who}: ${want}`);
      }
    }
    expect(seen).toEqual(expected);
    expect((await ordersEvents()).map((event) => event.eventId)).toEqual(before.map((event) => event.eventId));
  });

  it('lists a customer its own orders only, whatever customerId it asks for', async () => {
    const own = await http<{ items: { orderId: string }[] }>(saga.query.url('/orders'), { as: { role: 'customer', subject: customer } });
    expect(own.body.items.map((order) => order.orderId)).toEqual([orderId]);
    const asked = await http<{ items: unknown[] }>(saga.query.url(`/orders?customerId=${customer}`), { as: { role: 'customer', subject: otherCustomer } });
    expect(asked).toMatchObject({ status: 200, body: { items: [] } });
    const cancel = await http(saga.orders.url(`/orders/${orderId}/cancel`), { body: { reason: 'customer_request' }, as: { role: 'customer', subject: otherCustomer } });
    expect(cancel.status).toBe(404);
  });

  it('names the actor of every event in the timeline, and shows no payment token in any answer, log line or the raw read', async () => {
    const timeline = await http<{ entries: { type: string; stream: string; actor?: unknown }[] }>(saga.query.url(`/orders/${orderId}/timeline`));
    expect(timeline.body.entries.map(({ stream, type, actor }) => ({ stream, type, actor }))).toEqual(
      expect.arrayContaining([
        { stream: 'orders', type: 'OrderPlaced', actor: { kind: 'person', subject: customer, role: 'customer' } },
        { stream: 'payments', type: 'PaymentAuthorized', actor: expect.objectContaining({ kind: 'service', service: 'payments', trigger: expect.any(String) }) },
        { stream: 'orders', type: 'OrderConfirmed', actor: expect.objectContaining({ kind: 'service', service: 'orders' }) },
      ]),
    );
    expect(timeline.body.entries.every((entry) => entry.actor !== undefined)).toBe(true);

    const answers = await Promise.all([
      http(saga.orders.url(`/orders/${orderId}`)),
      http(saga.payments.url(`/payments/${orderId}`)),
      http(saga.query.url(`/orders/${orderId}`)),
      http(saga.query.url(`/orders/${orderId}/timeline`)),
      http(saga.query.url(`/orders/${orderId}/state?version=2`)),
      http(saga.query.url(`/payments/${orderId}`)),
      http(saga.query.url('/orders')),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(cardToken);
    expect(answers[0]!.body).toMatchObject({ paymentToken: '[redacted]' });
    for (const file of readdirSync(saga.logDir)) expect({ file, holds: readFileSync(join(saga.logDir, file), 'utf8').includes(cardToken) }).toEqual({ file, holds: false });
  });
});
