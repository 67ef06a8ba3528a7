import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { auditEventLog, eventually, http, type Saga, type ServiceProcess, startSaga, testKafka, uniqueName } from '@rewind/testing';
import type { OrderTimeline, TimelineEntry } from '@rewind/orders-read-models';
import type { RepairPlan } from '@rewind/repairs';
import { readEventLogs, sagaGroups, settled, type EventLogs } from './read-models';
import { RepairCli } from './repair-cli';

// Issue 20's acceptance for the CLI: single corrections from `npm run repair -- correct`, and a
// seeded bug (orders placed with a wrong unit price) repaired with `plan` and `apply`, including
// an apply SIGKILLed half way and resumed. Its tests build on each other, in order.
const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const line = (sku: string, quantity: number, unitPriceCents: number) => ({ sku, quantity, unitPriceCents });

type Resource = { status: string; version: number; [field: string]: unknown };
const workspaceRoot = join(__dirname, '..', '..', '..');

describe('repairs from the CLI: single corrections, and every order a bug touched', () => {
  let saga: Saga;
  beforeAll(async () => {
    saga = await startSaga();
  });
  afterAll(async () => {
    await RepairCli.killAll();
    await saga?.stop();
  });

  const read = async (service: ServiceProcess, path: string) => (await http<Resource>(service.url(path))).body;
  const until = (service: ServiceProcess, path: string, accept: (resource: Resource) => boolean) => eventually(() => read(service, path), accept);
  const place = async (lines: ReturnType<typeof line>[], paymentToken = 'tok_visa') => {
    const answer = await http<{ orderId: string }>(saga.orders.url('/orders'), { body: { customerId: 'cus_repair', currency: 'EUR', lines, shippingAddress: address, paymentToken } });
    expect(answer.status).toBe(201);
    return answer.body.orderId;
  };
  const confirmedAndScheduled = async (id: string) => {
    await until(saga.orders, `/orders/${id}`, (order) => order.status === 'confirmed');
    await until(saga.shipping, `/shipments/${id}`, (shipment) => shipment.status === 'scheduled');
  };
  const timeline = (id: string, accept: (entries: readonly TimelineEntry[]) => boolean) =>
    eventually(async () => (await http<OrderTimeline>(saga.query.url(`/orders/${id}/timeline`))).body.entries ?? [], accept);
  const atRest = async () => {
    const admin = testKafka(uniqueName('repair-rest')).admin();
    await admin.connect();
    try {
      await settled(admin, sagaGroups(saga.namespace, { orders: 1, order_timeline: 1, payments: 1, shipments: 1 }));
    } finally {
      await admin.disconnect();
    }
  };
  const logs = () => readEventLogs(testKafka(uniqueName('repair-logs')), saga.namespace);
  const events = (records: EventLogs[keyof EventLogs]) => records.map((record) => JSON.parse(record.value ?? 'null') as TimelineEntry & { aggregateId: string; data: Record<string, unknown> });

  it('shows its usage on --help, and refuses a wrong flag with exit 2 and the usage, before it connects to anything', async () => {
    const help = await RepairCli.run(saga, ['--help']);
    expect({ code: help.code, usage: help.stdout.startsWith('usage:'), stderr: help.stderr }).toEqual({ code: 0, usage: true, stderr: '' });
    // a broker that answers nobody: had it tried to connect, it would not have answered at once with 2
    const wrong = await RepairCli.run(saga, ['plan', 'unit-price', '--sku', 'MUG'], { KAFKA_BROKERS: '127.0.0.1:9' });
    expect({ code: wrong.code, stdout: wrong.stdout, stderr: wrong.stderr.split('\n')[0], usage: wrong.stderr.includes('\nusage:') }).toEqual({
      code: 2,
      stdout: '',
      stderr: "plan: Unknown option '--sku'",
      usage: true,
    });
    const params = await RepairCli.run(saga, ['plan', 'unit-price', '--param', 'sku=MUG'], { KAFKA_BROKERS: '127.0.0.1:9' });
    expect({ code: params.code, stderr: params.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: expect.stringMatching(/^unit-price: charged: /) });
  });

  it('corrects one order at a time, finding in the log the event each correction corrects', async () => {
    const id = await place([line('MUG', 2, 1250), line('BEANS-1KG', 1, 1900)]);
    await confirmedAndScheduled(id);
    const placed = (await timeline(id, (entries) => entries.some((entry) => entry.type === 'OrderPlaced'))).find((entry) => entry.type === 'OrderPlaced')!;

    const address1 = await RepairCli.run(saga, ['correct', 'address', id, '--reason', 'customer typed 117 for 171', '--line1', 'Invalidenstraße 171']);
    expect({ code: address1.code, stdout: address1.stdout.trim() }).toEqual({ code: 0, stdout: expect.stringMatching(new RegExp(`^corrected ${id}: now at version 3 \\(command correction/`)) });
    expect(address1.stderr).toContain(`corrects OrderPlaced ${placed.eventId} (version 1)`);
    expect(await until(saga.shipping, `/shipments/${id}`, (shipment) => shipment.version === 2)).toMatchObject({ address: { ...address, line1: 'Invalidenstraße 171' } });

    // an event named that did not set the address: nothing is sent, and the right one is named
    const confirmed = (await timeline(id, (entries) => entries.some((entry) => entry.type === 'OrderConfirmed'))).find((entry) => entry.type === 'OrderConfirmed')!;
    const wrong = await RepairCli.run(saga, ['correct', 'address', id, '--reason', 'again', '--city', 'Potsdam', '--corrects', confirmed.eventId]);
    expect({ code: wrong.code, stderr: wrong.stderr }).toEqual({ code: 1, stderr: expect.stringContaining(`event ${confirmed.eventId} (OrderConfirmed, version 2) did not set the address`) });

    const reprice = await RepairCli.run(saga, ['correct', 'reprice', id, '--reason', 'MUG is 11.50', '--line', 'MUG=1150', '--json']);
    expect({ code: reprice.code, results: reprice.results }).toEqual({ code: 0, results: [expect.objectContaining({ aggregateId: id, outcome: expect.objectContaining({ status: 'accepted', version: 4 }) })] });
    expect(await until(saga.payments, `/payments/${id}`, (payment) => payment.version === 2)).toMatchObject({ amountCents: 4200 });

    await until(saga.orders, `/orders/${id}`, (order) => order.version === 5);
    expect((await http(saga.shipping.url(`/shipments/${id}/dispatch`), { body: { carrier: 'DHL', trackingNumber: 'JD-CLI' } })).status).toBe(200);
    await until(saga.orders, `/orders/${id}`, (order) => order.status === 'shipped');
    const late = await RepairCli.run(saga, ['correct', 'address', id, '--reason', 'too late', '--city', 'Potsdam']);
    expect({ code: late.code, stdout: late.stdout }).toEqual({ code: 1, stdout: expect.stringContaining('refused: order_already_shipped') });

    expect((await http(saga.shipping.url(`/shipments/${id}/deliver`), { method: 'POST' })).status).toBe(200);
    await until(saga.orders, `/orders/${id}`, (order) => order.status === 'delivered');
    const reversal = await RepairCli.run(saga, ['correct', 'reverse-delivery', id, '--reason', 'wrong parcel scanned']);
    expect(reversal.code).toBe(0);
    expect(await until(saga.orders, `/orders/${id}`, (order) => order.status === 'shipped')).toMatchObject({ version: 8 });
  });

  describe('a bug that placed orders of TEAPOT at 1250 instead of 1150', () => {
    let from: string;
    let to: string;
    let affected: string[];
    let changedSincePlan: string;
    let left: string[];
    let planFile: string;
    let plan: RepairPlan;
    let beforeApply: EventLogs;

    it('seeds the bug: orders in the window at the wrong price, and others that it did not touch', async () => {
      from = new Date().toISOString();
      const wrong = () => place([line('TEAPOT', 1, 1250), line('BEANS-1KG', 1, 1900)]);
      affected = await Promise.all([...Array.from({ length: 7 }, wrong), place([line('BEANS-1KG', 2, 1900), line('TEAPOT', 3, 1250)])]);
      const untouched = await Promise.all([place([line('TEAPOT', 1, 1150)]), place([line('TEAPOT', 2, 1150)]), place([line('BEANS-1KG', 1, 1250)])]);
      const cancelledByCustomer = await wrong();
      const declined = await place([line('TEAPOT', 1, 1250)], 'tok_chargeDeclined');
      left = [cancelledByCustomer, declined];
      await Promise.all([...affected, ...untouched, cancelledByCustomer].map(confirmedAndScheduled));
      expect((await http(saga.orders.url(`/orders/${cancelledByCustomer}/cancel`), { body: { reason: 'customer_request' } })).status).toBe(200);
      await until(saga.payments, `/payments/${cancelledByCustomer}`, (payment) => payment.status === 'refunded');
      await until(saga.orders, `/orders/${declined}`, (order) => order.status === 'cancelled');
      to = new Date(Date.now() + 1).toISOString();
      await sleep(20);
      // after the window: the bug was fixed by then, whatever its price says
      await confirmedAndScheduled(await place([line('TEAPOT', 1, 1250)]));
      await atRest();
    });

    it('plans from the log: exactly the affected orders, what each holds, the version it saw, and the money to refund', async () => {
      planFile = join(workspaceRoot, 'tmp', 'e2e-logs', saga.namespace.slice(0, -1), 'teapot.plan.json');
      const params = ['sku=TEAPOT', 'charged=1250', 'price=1150', `from=${from}`, `until=${to}`, 'reason=price list bug of week 46'].flatMap((param) => ['--param', param]);
      const planned = await RepairCli.run(saga, ['plan', 'unit-price', ...params, '--out', planFile, '--json']);
      expect({ code: planned.code, results: planned.results }).toEqual({ code: 0, results: [expect.objectContaining({ planFile })] });
      expect(planned.stderr).toMatch(/plan unit-price: reading .*orders\.events \[█+\] 100%/);
      plan = JSON.parse(readFileSync(planFile, 'utf8')) as RepairPlan;

      expect(plan.entries.map((entry) => entry.aggregateId).sort()).toEqual([...affected].sort());
      expect(plan.left.map((entry) => entry.aggregateId).sort()).toEqual([...left].sort());
      for (const entry of plan.entries) {
        expect(entry).toMatchObject({
          version: 2,
          commandId: `repair/${plan.planId}/${entry.aggregateId}`,
          holds: { status: 'confirmed', currency: 'EUR' },
          correction: { type: 'RepriceOrderLines', data: { reason: 'price list bug of week 46', lines: [{ sku: 'TEAPOT', unitPriceCents: 1150 }] } },
        });
      }
      expect(plan.totals).toEqual({ corrections: 8, left: 2, unreadable: 0, money: [{ currency: 'EUR', refundCents: 7 * 100 + 3 * 100, chargeCents: 0 }] });
    });

    it('applies it with command ids derived from the plan; SIGKILLed half way and run again, it corrects each order once, and skips one that changed since the plan', async () => {
      // one of them moves on after the plan was made: it must be skipped, not corrected blind
      changedSincePlan = affected[3]!;
      expect((await http(saga.shipping.url(`/shipments/${changedSincePlan}/dispatch`), { body: { carrier: 'DHL', trackingNumber: 'JD-MOVED' } })).status).toBe(200);
      await until(saga.orders, `/orders/${changedSincePlan}`, (order) => order.version === 3);
      await atRest();
      beforeApply = await logs();

      const first = new RepairCli(saga, ['apply', planFile, '--concurrency', '1', '--max-rate', '2', '--json']);
      await eventually(async () => first.results.length, (count) => count >= 2, 60_000);
      first.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      const crashed = first.results.length;
      expect(crashed).toBeLessThan(plan.entries.length);

      const resumed = await RepairCli.run(saga, ['apply', planFile, '--json']);
      const outcome = Object.fromEntries(resumed.results.filter((result) => result['aggregateId']).map((result) => [result['aggregateId'], result['status']]));
      expect(resumed.code).toBe(1); // not complete: one order was skipped
      expect(outcome[changedSincePlan]).toBe('changed');
      const corrected = affected.filter((id) => id !== changedSincePlan);
      for (const id of corrected) expect(['corrected', 'already-corrected']).toContain(outcome[id]);
      expect(corrected.filter((id) => outcome[id] === 'already-corrected').length).toBeGreaterThanOrEqual(1);
      expect(resumed.results.at(-1)).toMatchObject({ summary: { counts: { changed: 1 }, complete: false } });

      await Promise.all(corrected.map((id) => until(saga.orders, `/orders/${id}`, (order) => (order['repricing'] as { status?: string } | undefined)?.status === 'settled')));
      await atRest();
      const after = await logs();
      // the seeded orders only: the single corrections above repriced one of their own
      const seeded = (event: { aggregateId: string }) => affected.includes(event.aggregateId);
      const repriced = events(after.orders).filter((event) => event.type === 'OrderRepriced' && seeded(event));
      expect(repriced.map((event) => event.aggregateId).sort()).toEqual([...corrected].sort());
      for (const event of repriced) expect(event.commandId).toBe(`repair/${plan.planId}/${event.aggregateId}`);
      const refunds = events(after.payments).filter((event) => event.type === 'PaymentPartiallyRefunded' && seeded(event));
      expect(refunds.map((event) => event.aggregateId).sort()).toEqual([...corrected].sort());
      expect(refunds.find((event) => event.aggregateId === affected[7])?.data).toMatchObject({ amountCents: 300, totalCents: 2 * 1900 + 3 * 1150 });
      expect(await read(saga.orders, `/orders/${affected[0]}`)).toMatchObject({ totalCents: 1150 + 1900, repricing: { status: 'settled' } });
    });

    it('changes nothing when applied a second time', async () => {
      const before = await logs();
      const again = await RepairCli.run(saga, ['apply', planFile, '--json']);
      expect(again.results.at(-1)).toMatchObject({ summary: { counts: { corrected: 0, 'already-corrected': 7, changed: 1 } } });
      await atRest();
      const after = await logs();
      for (const service of ['orders', 'payments', 'shipments'] as const) expect({ service, records: after[service].length }).toEqual({ service, records: before[service].length });
    });

    it('plans again: only the order that had moved on is left to correct, from the version it is at now', async () => {
      const params = ['sku=TEAPOT', 'charged=1250', 'price=1150', `from=${from}`, `until=${to}`].flatMap((param) => ['--param', param]);
      const replanned = await RepairCli.run(saga, ['plan', 'unit-price', ...params, '--out', `${planFile}.2`, '--json']);
      expect(replanned.code).toBe(0);
      const second = JSON.parse(readFileSync(`${planFile}.2`, 'utf8')) as RepairPlan;
      expect(second.entries.map((entry) => [entry.aggregateId, entry.version])).toEqual([[changedSincePlan, 3]]);
      expect(second.left.filter((entry) => entry.reason.startsWith('repriced since')).length).toBe(7);
    });

    it('plans and applies the same from the query API, for admins, and keeps the plan and each result for review', async () => {
      // another bug of the same kind, on another SKU, repaired through the API
      const kettleFrom = new Date().toISOString();
      const kettles = await Promise.all(Array.from({ length: 3 }, () => place([line('KETTLE', 1, 3000)])));
      await Promise.all(kettles.map(confirmedAndScheduled));
      const kettleUntil = new Date(Date.now() + 1).toISOString();
      await atRest();
      const admin = { Authorization: `Bearer ${saga.adminToken}` };
      const params = { sku: 'KETTLE', charged: '3000', price: '2900', from: kettleFrom, until: kettleUntil };

      expect((await http(saga.query.url('/repairs/plans'), { body: { repair: 'unit-price', params }, as: 'anonymous' })).status).toBe(401);
      // an operator corrects single orders, but plans over every order are an admin's
      expect((await http(saga.query.url('/repairs/plans'), { body: { repair: 'unit-price', params }, as: { role: 'operator' } })).status).toBe(403);
      const refused = await http<{ status: number; detail: string }>(saga.query.url('/repairs/plans'), { body: { repair: 'unit-price', params: { ...params, price: '3000' } }, headers: admin });
      expect({ status: refused.status, detail: refused.body.detail }).toEqual({ status: 422, detail: 'price: charged and price are the same: there is nothing to repair' });
      expect((await http(saga.query.url('/repairs'), { headers: admin })).body).toEqual([expect.objectContaining({ name: 'unit-price', stream: 'orders' })]);

      const started = await http<{ planId: string; status: string }>(saga.query.url('/repairs/plans'), { body: { repair: 'unit-price', params }, headers: admin });
      expect({ status: started.status, plan: started.body.status, location: started.headers.get('location') }).toEqual({ status: 202, plan: 'planning', location: `/repairs/plans/${started.body.planId}` });
      const planUrl = saga.query.url(`/repairs/plans/${started.body.planId}`);
      type ApiPlan = { status: string; entries: { aggregateId: string; version: number; commandId: string; result?: { status: string } }[]; totals: { money: unknown[] }; progress: { done: number; total: number } };
      const planned = await eventually(async () => (await http<ApiPlan>(planUrl, { headers: admin })).body, (plan) => plan.status !== 'planning');
      expect(planned).toMatchObject({ status: 'planned', totals: { corrections: 3, money: [{ currency: 'EUR', refundCents: 300, chargeCents: 0 }] } });
      expect(planned.entries.map((entry) => entry.aggregateId).sort()).toEqual([...kettles].sort());
      expect(planned.progress.done).toBe(planned.progress.total);
      expect((await http<{ plans: { planId: string }[] }>(saga.query.url('/repairs/plans'), { headers: admin })).body.plans[0]).toMatchObject({ planId: started.body.planId, status: 'planned' });

      expect((await http(`${planUrl}/apply`, { method: 'POST', headers: admin })).status).toBe(202);
      const applied = await eventually(async () => (await http<ApiPlan>(planUrl, { headers: admin })).body, (plan) => plan.status !== 'applying');
      expect(applied.status).toBe('applied');
      expect(applied.entries.map((entry) => entry.result?.status)).toEqual(['corrected', 'corrected', 'corrected']);
      await Promise.all(kettles.map((id) => until(saga.orders, `/orders/${id}`, (order) => order['totalCents'] === 2900)));

      await atRest();
      const before = await logs();
      expect((await http(`${planUrl}/apply`, { method: 'POST', headers: admin })).status).toBe(202);
      const again = await eventually(async () => (await http<ApiPlan>(planUrl, { headers: admin })).body, (plan) => plan.status !== 'applying');
      expect(again.entries.map((entry) => entry.result?.status)).toEqual(['already-corrected', 'already-corrected', 'already-corrected']);
      await atRest();
      const after = await logs();
      for (const service of ['orders', 'payments', 'shipments'] as const) expect({ service, records: after[service].length }).toEqual({ service, records: before[service].length });
      const repriced = events(after.orders).filter((event) => event.type === 'OrderRepriced' && kettles.includes(event.aggregateId));
      expect(repriced.map((event) => event.commandId).sort()).toEqual(kettles.map((id) => `repair/${started.body.planId}/${id}`).sort());
    });

    it('changed no event that was in the log before the corrections, and the logs are sound', async () => {
      const after = await logs();
      for (const service of ['orders', 'payments', 'shipments'] as const) {
        const at = new Map(after[service].map((record) => [`${record.partition}@${record.offset}`, record.value]));
        expect({ service, changed: beforeApply[service].filter((record) => at.get(`${record.partition}@${record.offset}`) !== record.value) }).toEqual({ service, changed: [] });
        expect({ service, problems: auditEventLog(after[service]).problems }).toEqual({ service, problems: [] });
      }
    });
  });
});
