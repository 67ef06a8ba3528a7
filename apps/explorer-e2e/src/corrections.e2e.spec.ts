import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, http, testToken, uniqueName, type Saga } from '@rewind/testing';
import type { Page } from 'playwright-core';
import { explorerSession } from './explorer-session';

// Issue 20 in a real browser: an order corrected through the operator API, read on its page (the
// corrected event marked, the correction linked to it with its reason and its actor, the rewind
// before and after); and a repair planned, reviewed and applied from the repairs pages, its
// progress followed to the end, each order it corrected showing its correction. The tests build on
// each other, in order.

const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
const PATIENCE = { timeout: 90_000 };
const line = (sku: string, quantity: number, unitPriceCents: number) => ({ sku, quantity, unitPriceCents });

describe('corrections and repairs in the explorer', () => {
  let rewind: Saga;
  let page: Page;
  const customerId = uniqueName('cus');
  /** The operator who corrects: their subject is the correction's actor. */
  const operator = 'op-grace';

  const session = explorerSession();
  const { explorer, useToken, screenshot } = session;
  beforeAll(() => {
    ({ rewind, page } = session);
  });

  const placeOrder = async (lines: ReturnType<typeof line>[]) => {
    const placed = await http<{ orderId: string }>(rewind.orders.url('/orders'), {
      headers: { 'idempotency-key': randomUUID() },
      body: { customerId, currency: 'EUR', lines, shippingAddress: address, paymentToken: 'tok_visa' },
    });
    expect([201, 202]).toContain(placed.status);
    return placed.body.orderId;
  };
  /** Confirmed by its payment and its shipment scheduled: what a correction before dispatch meets. */
  const confirmedAndScheduled = async (orderId: string) => {
    await eventually(() => http<{ status?: string }>(rewind.query.url(`/orders/${orderId}`)), ({ body }) => body.status === 'confirmed', 90_000);
    await eventually(() => http<{ status?: string }>(rewind.query.url(`/shipments/${orderId}`)), ({ body }) => body.status === 'scheduled', 90_000);
  };
  type Entry = { eventId: string; type: string; version: number };
  const timeline = (orderId: string, accept: (entries: readonly Entry[]) => boolean) =>
    eventually(async () => (await http<{ entries?: Entry[] }>(rewind.query.url(`/orders/${orderId}/timeline`))).body.entries ?? [], accept, 90_000);
  const row = (type: string) => page.locator(`.timeline-table tr[data-event-type=${type}]`);

  describe('an order corrected through the operator API', () => {
    let orderId: string;

    it('marks the corrected event, links each correction to it, and shows its reason and who made it', async () => {
      orderId = await placeOrder([line('MUG', 2, 1250), line('BEANS-1KG', 1, 1900)]);
      await confirmedAndScheduled(orderId);
      const placed = (await timeline(orderId, (entries) => entries.some((entry) => entry.type === 'OrderPlaced'))).find((entry) => entry.type === 'OrderPlaced')!;

      // the operator corrects the address before dispatch, then the price of a line
      const as = { role: 'operator', subject: operator } as const;
      const addressReason = 'customer typed 117 for 171 (ticket 4711)';
      const corrected = await http(rewind.orders.url(`/orders/${orderId}/corrections/shipping-address`), {
        as,
        headers: { 'If-Match': '2', 'idempotency-key': randomUUID() },
        body: { corrects: placed.eventId, reason: addressReason, address: { ...address, line1: 'Invalidenstraße 171' } },
      });
      expect(corrected.status).toBe(200);
      const priceReason = 'MUG is 11.50 since November';
      const repriced = await http(rewind.orders.url(`/orders/${orderId}/corrections/line-prices`), {
        as,
        headers: { 'If-Match': '3', 'idempotency-key': randomUUID() },
        body: { corrects: placed.eventId, reason: priceReason, lines: [{ line: 0, sku: 'MUG', unitPriceCents: 1150 }] },
      });
      expect(repriced.status).toBe(200);

      await page.goto(explorer(`#/orders/${orderId}`));
      await useToken(await testToken('operator', operator));
      await page.locator(`[data-testid=identity]:has-text("${operator} (operator)")`).waitFor(PATIENCE);

      // the summary: each correction with its reason and its actor, the repricing settled by a refund
      const corrections = page.locator('[data-testid=corrections] > div');
      await corrections.nth(1).waitFor(PATIENCE);
      expect(await corrections.allTextContents()).toEqual([
        expect.stringMatching(new RegExp(`^ShippingAddressCorrected version 3 · .+ UTC · by ${operator} \\(operator\\) · “${escape(addressReason)}”$`)),
        expect.stringMatching(new RegExp(`^OrderRepriced version 4 · .+ UTC · by ${operator} \\(operator\\) · “${escape(priceReason)}”$`)),
      ]);
      await page.locator('[data-testid=repricing]:has-text("€2.00 refunded")').waitFor(PATIENCE);
      // the address the order ships to now, the corrected one
      const shipsTo = page.locator('[data-testid=shipping-address]');
      await shipsTo.waitFor(PATIENCE);
      expect(await shipsTo.textContent()).toBe('Ada Lovelace, Invalidenstraße 171, 10115 Berlin, DE');
      expect(await page.locator('dl.summary dt:text-is("total") + dd').textContent()).toBe('€42.00');

      // the drawing: the corrected event dashed, each correction shaded, a red arrow from each to it
      await page.locator('svg .event[data-event-type=ShipmentAddressCorrected]').waitFor(PATIENCE);
      await page.locator('svg .event[data-event-type=OrderRepricingSettled]').waitFor(PATIENCE);
      expect(await page.locator('svg .event.corrected').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-event-type')))).toEqual(['OrderPlaced']);
      expect((await page.locator('svg .event.correction').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-event-type')))).sort()).toEqual([
        'OrderRepriced',
        'ShippingAddressCorrected',
      ]);
      expect(await page.locator('svg path.correction-link[data-corrects=OrderPlaced]').count()).toBe(2);

      // the table says the same in words
      expect(await row('OrderPlaced').getAttribute('class')).toBe('corrected');
      expect(await row('OrderPlaced').locator('[data-testid=correction] > div').allTextContents()).toEqual([
        'corrected by ShippingAddressCorrected (order service, version 3)',
        'corrected by OrderRepriced (order service, version 4)',
      ]);
      expect(await row('ShippingAddressCorrected').getAttribute('class')).toBe('correction');
      expect(await row('ShippingAddressCorrected').locator('[data-testid=correction] > div').allTextContents()).toEqual([
        'corrects OrderPlaced (order service, version 1)',
        `“${addressReason}”`,
      ]);
      expect(await row('ShippingAddressCorrected').locator('[data-testid=actor]').textContent()).toBe(`${operator} (operator)`);
      expect(await row('OrderRepriced').locator('[data-testid=correction] > div').allTextContents()).toEqual([
        'corrects OrderPlaced (order service, version 1)',
        `“${priceReason}”`,
      ]);
      expect(await row('OrderRepriced').locator('[data-testid=actor]').textContent()).toBe(`${operator} (operator)`);
      // what followed in the other services names the correction it follows
      expect(await row('ShipmentAddressCorrected').locator('[data-testid=correction] > div').allTextContents()).toEqual([
        'follows the correction ShippingAddressCorrected (order service, version 3)',
      ]);
      expect(await row('PaymentPartiallyRefunded').locator('[data-testid=correction] > div').allTextContents()).toEqual([
        'follows the correction OrderRepriced (order service, version 4)',
      ]);
    }, 240_000);

    it('rewinds to before the correction, where the order holds the old address and says it was corrected later', async () => {
      await page.goto(explorer(`#/orders/${orderId}?version=2`));
      await page.locator('[data-testid=rewind-version]:text("version 2 of 5")').waitFor(PATIENCE);
      const state = page.locator('pre.state');
      await state.filter({ hasText: 'Invalidenstraße 117' }).waitFor(PATIENCE);
      expect(await state.textContent()).not.toContain('Invalidenstraße 171');
      expect(await page.locator('[data-testid=corrected-later]').textContent()).toMatch(/^Corrected later: ShippingAddressCorrected at version 3 \(“customer typed 117 for 171 \(ticket 4711\)”\); OrderRepriced at version 4/);

      // a step on: the correction, what it changed, and who made it
      await page.click('button[aria-label="next version"]');
      await page.locator('[data-testid=rewind-version]:text("version 3 of 5")').waitFor(PATIENCE);
      const change = page.locator('.changes tr.change-changed', { hasText: 'line1' });
      await change.waitFor(PATIENCE);
      expect(await change.locator('td').allTextContents()).toEqual(['shippingAddress.line1', 'Invalidenstraße 117', 'Invalidenstraße 171']);
      expect(await page.locator('[data-testid=rewind-actor]').textContent()).toMatch(new RegExp(`, by ${operator} \\(operator\\)$`));
      expect(await page.locator('[data-testid=corrections-folded]').textContent()).toBe(`Corrections folded in: ShippingAddressCorrected at version 3 by ${operator} (operator)`);
      await screenshot('order-corrected');
    }, 120_000);
  });

  describe('a bug that priced TEAPOT at 1250 instead of 1150, repaired from the explorer', () => {
    let from: string;
    let until: string;
    let affected: string[];
    let cancelled: string;
    let planId: string;

    it('seeds the bug: orders in the window at the wrong price, and others it did not touch', async () => {
      from = new Date().toISOString();
      affected = await Promise.all([
        placeOrder([line('TEAPOT', 1, 1250), line('BEANS-1KG', 1, 1900)]),
        placeOrder([line('TEAPOT', 1, 1250)]),
        placeOrder([line('BEANS-1KG', 2, 1900), line('TEAPOT', 3, 1250)]),
      ]);
      // the right price, or another SKU at that price: the bug did not touch them
      const untouched = await Promise.all([placeOrder([line('TEAPOT', 2, 1150)]), placeOrder([line('BEANS-1KG', 1, 1250)])]);
      // touched, but cancelled since and refunded in full: the plan leaves it, and says why
      cancelled = await placeOrder([line('TEAPOT', 1, 1250)]);
      await Promise.all([...affected, ...untouched, cancelled].map(confirmedAndScheduled));
      expect((await http(rewind.orders.url(`/orders/${cancelled}/cancel`), { body: { reason: 'customer_request' } })).status).toBe(200);
      await eventually(() => http<{ status?: string }>(rewind.query.url(`/orders/${cancelled}`)), ({ body }) => body.status === 'cancelled', 90_000);
      until = new Date(Date.now() + 1).toISOString();
      await sleep(20);
      // after the window: the bug was fixed by then, whatever its price says
      await confirmedAndScheduled(await placeOrder([line('TEAPOT', 1, 1250)]));
    }, 180_000);

    it('makes a plan from the repairs page, and lists exactly the affected orders with what each holds, its correction and the totals', async () => {
      await useToken(rewind.adminToken);
      await page.locator('[data-testid=identity]:has-text("(admin)")').waitFor(PATIENCE);
      await page.goto(explorer('#/repairs'));
      const form = page.locator('form[data-repair=unit-price]');
      await form.waitFor(PATIENCE);
      const params = { sku: 'TEAPOT', charged: '1250', price: '1150', from, until, reason: 'price list bug of week 46' };
      for (const [name, value] of Object.entries(params)) await form.locator(`input[name=${name}]`).fill(value);
      await form.locator('button:text("Make a plan")').click();

      // the form leads to the plan's page, which follows the read of the log to its end
      await page.locator('[data-testid=plan-status] [data-status=planned]').waitFor(PATIENCE);
      planId = new URL(page.url()).hash.replace('#/repairs/', '');
      const entries = page.locator('[data-testid=plan-entries] tbody tr');
      expect((await entries.evaluateAll((rows) => rows.map((tr) => tr.getAttribute('data-aggregate')))).sort()).toEqual([...affected].sort());
      expect(await page.locator('[data-testid=plan-totals]').textContent()).toBe('3 to correct · 1 left as they are · 0 unreadable · €5.00 back to customers');
      expect(await page.locator('[data-testid=plan-left] tr td').allTextContents()).toEqual([
        cancelled,
        'status cancelled · total €12.50 · 1 × TEAPOT at €12.50',
        'cancelled (customer_request): its payment was refunded in full, or never taken',
      ]);

      const entry = (orderId: string) => page.locator(`[data-testid=plan-entries] tr[data-aggregate="${orderId}"] td`);
      // the one with three teapots: at version 2 (placed, confirmed), what it holds now (the lines at
      // the wrong price among them), the correction, and the money back to the customer
      expect(await entry(affected[2]!).allTextContents()).toEqual([
        affected[2],
        '2',
        'status confirmed · total €75.50 · 3 × TEAPOT at €12.50',
        'RepriceOrderLines 3 × TEAPOT 1250 → 1150: 300 EUR minor units back to the customer',
        '€3.00 back to the customer',
        'not applied',
      ]);
      // an admin may not open orders (they hold addresses): the plan links to no page that would refuse it, and says whose they are
      expect(await page.locator('[data-testid=plan-entries] a').count()).toBe(0);
      expect(await page.locator('[data-testid=order-pages]').textContent()).toBe('The orders’ own pages are for operators: open them with an operator’s token.');
    }, 180_000);

    it('applies it from the page and follows its progress until every order is corrected', async () => {
      await page.locator('button:text("Apply 3 corrections")').click();
      await page.locator('[data-testid=plan-status] [data-status=applied]').waitFor(PATIENCE);
      const results = page.locator('[data-testid=plan-entries] [data-testid=entry-result]');
      expect(await results.allTextContents()).toEqual(Array.from({ length: 3 }, () => 'corrected now at version 3'));
      expect(await page.locator('[data-testid=plan-application]').textContent()).toMatch(/^corrected 3 · from .+ to .+ UTC$/);
      await screenshot('repair-plan');
      // the list of plans says the same
      await page.locator('a:text("all repairs")').click();
      await page.locator(`tr[data-plan="${planId}"] [data-status=applied]`).waitFor(PATIENCE);
      expect(await page.locator(`tr[data-plan="${planId}"] td.number`).allTextContents()).toEqual(['3', '1']);
      expect(await page.locator(`tr[data-plan="${planId}"] td`).last().textContent()).toBe('€5.00 back to customers');
    }, 180_000);

    it('shows each corrected order its correction, made by the admin who applied the plan', async () => {
      await useToken(await testToken('operator', operator));
      await page.locator(`[data-testid=identity]:has-text("${operator} (operator)")`).waitFor(PATIENCE);
      for (const orderId of affected) {
        await page.goto(explorer(`#/orders/${orderId}`));
        await page.locator('[data-testid=corrections] > div').first().waitFor(PATIENCE);
        expect(await page.locator('[data-testid=corrections] > div').allTextContents()).toEqual([
          expect.stringMatching(/^OrderRepriced version 3 · .+ UTC · by test-admin \(admin\) · “price list bug of week 46”$/),
        ]);
        await row('OrderRepriced').waitFor(PATIENCE);
        expect(await row('OrderRepriced').locator('[data-testid=correction] > div').allTextContents()).toEqual([
          'corrects OrderPlaced (order service, version 1)',
          '“price list bug of week 46”',
        ]);
        expect(await row('OrderPlaced').getAttribute('class')).toBe('corrected');
      }
    }, 180_000);

    it('gives a customer no repairs page, and says whose it is', async () => {
      await useToken(await testToken('customer', customerId));
      await page.locator(`[data-testid=identity]:has-text("${customerId} (customer)")`).waitFor(PATIENCE);
      expect(await page.locator('header nav a').allTextContents()).toEqual(['Orders']);
      for (const hash of ['#/repairs', `#/repairs/${planId}`]) {
        await page.goto(explorer(hash));
        const notice = page.locator('main .notice');
        await notice.waitFor(PATIENCE);
        expect(await notice.textContent()).toBe('This page is not for customer: dead letters and repairs are an admin’s.');
      }
      // and the API behind it refuses the customer, whatever the page shows
      expect((await http(rewind.query.url(`/repairs/plans/${planId}`), { as: { role: 'customer', subject: customerId } })).status).toBe(403);
    }, 120_000);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
