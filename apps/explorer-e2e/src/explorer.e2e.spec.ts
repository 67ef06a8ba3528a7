import { randomUUID } from 'node:crypto';
import { orderEvents, type OrderEvent } from '@rewind/contracts';
import { eventually, http, testKafka, testToken, uniqueName, type Saga } from '@rewind/testing';
import type { Page } from 'playwright-core';
import { explorerSession } from './explorer-session';

// Issue 9's acceptance, in a real browser: an order placed through the API reaches `delivered` on
// its page while the page is open; the page rewinds it to version 1 (`placed`); a rebuild started
// from the projections page finishes there. The tests build on each other, in order. Each page's
// screenshot goes to the run's folder, or to EXPLORER_SCREENSHOTS (docs/explorer for the docs).

const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
/** Every wait for the page: generous, since the stack shares two cores with the rest of the run. */
const PATIENCE = { timeout: 90_000 };

describe('the explorer', () => {
  let rewind: Saga;
  let page: Page;
  const customerId = uniqueName('cus');
  let orderId: string;

  const session = explorerSession();
  const { explorer, useToken, screenshot } = session;
  beforeAll(() => {
    ({ rewind, page } = session);
  });

  const navigation = () => page.locator('header nav a').allTextContents();
  const placeOrder = async (paymentToken: string, lines: object[]) => {
    const placed = await http<{ orderId: string }>(rewind.orders.url('/orders'), {
      headers: { 'idempotency-key': randomUUID() },
      body: { customerId, currency: 'EUR', lines, shippingAddress: address, paymentToken },
    });
    expect([201, 202]).toContain(placed.status); // 202: accepted, its outcome not known within the command timeout
    return placed.body.orderId;
  };

  it('asks for a token, and says so plainly when the query API refuses one', async () => {
    await page.goto(explorer('#/orders'));
    await page.locator('main .notice:has-text("Every read of the query API takes a token")').waitFor(PATIENCE);
    expect(await navigation()).toEqual([]);

    await useToken('not-a-jwt');
    const refused = page.locator('main .error');
    await refused.waitFor(PATIENCE);
    expect(await refused.textContent()).toMatch(/^401: the query API did not accept the token \(.+\); enter a valid one above$/);
    expect(await navigation()).toEqual([]);

    // the walk until the projections is an operator's, who may see any order but rebuild nothing
    await useToken(await testToken('operator'));
    await page.locator('[data-testid=identity]:has-text("(operator)")').waitFor(PATIENCE);
    expect(await navigation()).toEqual(['Orders', 'Projections']);
  }, 120_000);

  it('shows an order placed through the API reach delivered on its page, live', async () => {
    orderId = await placeOrder('tok_visa', [
      { sku: 'MUG-ESPRESSO', quantity: 2, unitPriceCents: 1250 },
      { sku: 'BEANS-1KG', quantity: 1, unitPriceCents: 1900 },
    ]);
    // two more of the customer's orders, for a list with more than one status in it
    await placeOrder('tok_chargeDeclined', [{ sku: 'GRINDER', quantity: 1, unitPriceCents: 8900 }]);
    await placeOrder('tok_visa', [{ sku: 'FILTER-PAPERS', quantity: 3, unitPriceCents: 450 }]);

    await page.goto(explorer(`#/orders?customerId=${customerId}`));
    await page.locator('tr[data-order-id]').nth(2).waitFor(PATIENCE);
    await page.click(`a:text("${orderId}")`);
    await page.locator('[data-testid=order-status] [data-status]').waitFor(PATIENCE);

    // the saga confirms it and schedules its shipment; the warehouse dispatches and delivers it
    await eventually(() => http<{ status?: string }>(rewind.query.url(`/shipments/${orderId}`)), ({ body }) => body.status === 'scheduled');
    // 202: accepted but not yet decided within the command timeout; the deliver queues behind it all the same
    expect([200, 202]).toContain((await http(rewind.shipping.url(`/shipments/${orderId}/dispatch`), { body: { carrier: 'DHL', trackingNumber: 'JD0142' } })).status);
    expect([200, 202]).toContain((await http(rewind.shipping.url(`/shipments/${orderId}/deliver`), { method: 'POST' })).status);

    // the page that was open all along follows, without a reload
    await page.locator('[data-testid=order-status] [data-status=delivered]').waitFor(PATIENCE);
    // every event of the three services on the timeline, each reaction with an arrow from its cause
    const types = ['OrderPlaced', 'PaymentAuthorized', 'OrderConfirmed', 'ShipmentScheduled', 'ShipmentDispatched', 'OrderShipped', 'ShipmentDelivered', 'OrderDelivered'];
    await page.locator('svg .event[data-event-type=OrderDelivered]').waitFor(PATIENCE);
    expect((await page.locator('svg .event').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-event-type')))).sort()).toEqual([...types].sort());
    // placing, dispatching and delivering come from outside; the other five react to an event
    expect(await page.locator('svg path.causation').count()).toBe(5);
    expect(await page.locator('.timeline-table tr[data-event-type=OrderConfirmed] td').nth(4).textContent()).toBe('PaymentAuthorized (payment service, version 1) → ConfirmOrder');
    // and who caused each: the customer placed it, the warehouse moved it, the services reacted
    expect(await page.locator('.timeline-table tr[data-event-type=OrderPlaced] [data-testid=actor]').textContent()).toBe(`${customerId} (customer)`);
    expect(await page.locator('.timeline-table tr[data-event-type=ShipmentDispatched] [data-testid=actor]').textContent()).toBe('test-warehouse (warehouse)');
    expect(await page.locator('.timeline-table tr[data-event-type=OrderConfirmed] [data-testid=actor]').textContent()).toBe('orders (reacting)');

    // the list follows too: all three orders of the customer, each at the end of its path
    await page.goto(explorer(`#/orders?customerId=${customerId}`));
    await page.locator(`tr[data-order-id="${orderId}"] [data-testid=order-status] [data-status=delivered]`).waitFor(PATIENCE);
    await page.locator('tr[data-order-id] [data-testid=order-status] [data-status=cancelled]').waitFor(PATIENCE);
    await page.locator('tr[data-order-id] [data-testid=order-status] [data-status=confirmed]').waitFor(PATIENCE);
    await screenshot('orders');
  }, 180_000);

  it('rewinds the order to version 1, where it is placed, and shows what each version changed', async () => {
    await page.goto(explorer(`#/orders/${orderId}`));
    await page.locator('[data-testid=rewind-version]:text("version 4 of 4")').waitFor(PATIENCE);
    await page.locator('[data-testid=rewind-status] [data-status=delivered]').waitFor(PATIENCE);

    await page.click('button[aria-label="first version"]');
    await page.locator('[data-testid=rewind-version]:text("version 1 of 4")').waitFor(PATIENCE);
    await page.locator('[data-testid=rewind-status] [data-status=placed]').waitFor(PATIENCE);
    expect(await page.locator('[data-testid=rewind-actor]').textContent()).toMatch(new RegExp(`, by ${customerId} \\(customer\\)$`));
    expect(new URL(page.url()).hash).toBe(`#/orders/${orderId}?version=1`);

    await page.click('button[aria-label="next version"]');
    await page.locator('[data-testid=rewind-status] [data-status=confirmed]').waitFor(PATIENCE);
    const statusChange = page.locator('.changes tr.change-changed', { hasText: 'status' });
    await statusChange.waitFor(PATIENCE);
    expect(await statusChange.locator('td').allTextContents()).toEqual(['status', 'placed', 'confirmed']);
    await screenshot('order');
  }, 120_000);

  it('starts a rebuild from the projections page and shows it finish; verify finds the generations alike', async () => {
    await page.goto(explorer('#/projections'));
    const orders = page.locator('article[data-projection=orders]');
    await orders.locator('[data-testid=live-generation]:text("1")').waitFor(PATIENCE);
    // an operator sees the projections, but rebuilding and verifying are an admin's
    expect(await orders.locator('button').count()).toBe(0);
    // the admin's token is entered once and kept for the tab
    await useToken(rewind.adminToken);
    await page.locator('[data-testid=identity]:has-text("(admin)")').waitFor(PATIENCE);
    expect(await navigation()).toEqual(['Projections', 'Dead letters', 'Repairs']);

    await orders.locator('button:text("Rebuild from offset zero")').click();
    await orders.locator('[data-testid=outcome]:has-text("rebuild of generation 2 recorded")').waitFor(PATIENCE);
    await orders.locator('[data-testid=live-generation]:text("2")').waitFor({ timeout: 150_000 });
    await orders.locator('[data-status=live]').waitFor(PATIENCE);
    expect(await orders.locator('[data-testid=rebuild]').count()).toBe(0);

    await orders.locator('button:text("Verify")').click();
    const verdict = orders.locator('[data-testid=outcome]:has-text("against generation 2")');
    await verdict.waitFor(PATIENCE);
    expect(await verdict.textContent()).toMatch(/^generation 1 \(3 documents\) against generation 2 \(3 documents\): no differences$/);

    // a second rebuild, caught in the screenshot wherever it has got to, then seen to the end
    const payments = page.locator('article[data-projection=payments]');
    await payments.locator('button:text("Rebuild from offset zero")').click();
    await payments.locator('[data-testid=rebuild], [data-testid=live-generation]:text("2")').first().waitFor(PATIENCE);
    await screenshot('projections');
    await payments.locator('[data-testid=live-generation]:text("2")').waitFor({ timeout: 150_000 });
  }, 360_000);

  it('lists a dead letter with its reason, and asks for its replay', async () => {
    // a valid OrderDelivered at version 3 of an order that has no version 1: the projections refuse it
    const key = randomUUID();
    const kafka = testKafka(uniqueName('explorer'));
    const producer = kafka.producer();
    await producer.connect();
    const poison: OrderEvent = {
      eventId: randomUUID(),
      type: 'OrderDelivered',
      schemaVersion: 1,
      aggregateId: key,
      aggregateVersion: 3,
      occurredAt: new Date().toISOString(),
      commandId: `poison-${randomUUID()}`,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      data: { shipmentId: key },
    } as OrderEvent;
    await producer.send({ topic: `${rewind.namespace}orders.events`, messages: [{ key, value: orderEvents.encode(poison) }] });
    await producer.disconnect();

    await page.goto(explorer('#/dead-letters'));
    const letter = page.locator(`article[data-key="${key}"]`).first();
    await letter.waitFor(PATIENCE);
    expect(await letter.locator('td.reason').first().textContent()).toMatch(/^version gap: /);

    await letter.locator('button:text("Replay")').click();
    const outcome = page.locator('[data-testid=outcome]');
    await outcome.waitFor(PATIENCE);
    expect(await outcome.textContent()).toMatch(new RegExp(`^replay requested: \\S+ handles 1 letter\\(s\\) of ${key} again$`));
    await screenshot('dead-letters');
  }, 120_000);

  it('shows a customer its own orders only, and no admin page', async () => {
    // the customer's three orders are the walk's; another customer places one (after the verify, which counts them)
    const someoneElse = uniqueName('cus');
    const theirs = await http<{ orderId: string }>(rewind.orders.url('/orders'), {
      headers: { 'idempotency-key': randomUUID() },
      body: { customerId: someoneElse, currency: 'EUR', lines: [{ sku: 'CUP', quantity: 1, unitPriceCents: 900 }], shippingAddress: address, paymentToken: 'tok_visa' },
    });
    await eventually(() => http(rewind.query.url(`/orders/${theirs.body.orderId}`)), ({ status }) => status === 200);

    await useToken(await testToken('customer', customerId));
    await page.locator(`[data-testid=identity]:has-text("${customerId} (customer)")`).waitFor(PATIENCE);
    expect(await navigation()).toEqual(['Orders']);
    // the customer asks for everyone's orders, and is shown its own
    await page.goto(explorer('#/orders'));
    await page.locator(`tr[data-order-id="${orderId}"]`).waitFor(PATIENCE);
    expect(await page.locator('tr[data-order-id]').count()).toBe(3);
    expect(await page.locator(`tr[data-order-id="${theirs.body.orderId}"]`).count()).toBe(0);
    // another customer's order is not found, not forbidden: ids cannot be probed
    await page.goto(explorer(`#/orders/${theirs.body.orderId}`));
    await page.locator('main .error:has-text("404")').first().waitFor(PATIENCE);
    // an admin page is not for a customer, and says so instead of answering with the API's 403
    await page.goto(explorer('#/repairs'));
    await page.locator('main .notice:has-text("This page is not for customer")').waitFor(PATIENCE);
  }, 120_000);
});
