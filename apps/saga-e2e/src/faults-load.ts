import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderView } from '@rewind/orders-read-models';
import { PAYMENT_TOKEN, SAGA_PATHS, type SagaPath } from './load';
import { impliedBearer, type Saga } from '@rewind/testing';

// Orders driven the way a careful client drives them while things break: every command carries an
// Idempotency-Key, and is sent again with the same key until an answer says what became of it. A
// command counts as acknowledged once a 201/200 came back for it — those are the ones that must
// be in the log exactly once, however many times they were sent.

/** A command some answer acknowledged (201/200), and where its events must be. */
export interface AcknowledgedCommand {
  readonly service: 'orders' | 'shipments';
  readonly aggregateId: string;
  readonly commandId: string;
  readonly what: string;
}

export interface DrivenOrder {
  readonly orderId: string;
  readonly path: SagaPath;
}

/** What the clients saw: each acknowledged command, and every attempt that came back without an answer that settles it. */
export class CommandLedger {
  readonly acknowledged: AcknowledgedCommand[] = [];
  readonly orders: DrivenOrder[] = [];
  /** 5xx, 202 (outcome not known in time), or no answer at all (refused, reset, timed out). */
  unsettledAttempts = 0;
  /** Reads of the query API that failed: 5xx or no answer. */
  failedReads = 0;
  /** Command attempts sent and not answered yet: what a fault injected now lands on. */
  attemptsInFlight = 0;
  private readonly run = randomUUID().slice(0, 8);
  private nextIndex = 0;

  key(what: string): string {
    return `faults-${this.run}-${what}`;
  }

  takeIndex(): number {
    return this.nextIndex++;
  }
}

const ATTEMPT_TIMEOUT_MS = 20_000;
const COMMAND_DEADLINE_MS = 4 * 60_000;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function send(url: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    // the token of the role the endpoint is for: a customer its own orders, the warehouse its shipments
    headers: { 'content-type': 'application/json', ...(await impliedBearer('POST', url, init.body)), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body };
}

/**
 * Sends one command with its Idempotency-Key until it is acknowledged: 5xx, 202 and no answer
 * mean "not known", so the same command goes again; any other answer is a failure of the test.
 */
async function untilAcknowledged(ledger: CommandLedger, url: string, key: string, init: { body?: unknown; headers?: Record<string, string> }, acknowledged: number): Promise<Answer> {
  let last = 'nothing yet';
  for (const deadline = Date.now() + COMMAND_DEADLINE_MS; Date.now() < deadline; ) {
    ledger.attemptsInFlight += 1;
    const answer = await send(url, { ...init, headers: { ...init.headers, 'Idempotency-Key': key } })
      .catch((error: unknown) => {
        last = String(error);
        return undefined;
      })
      .finally(() => (ledger.attemptsInFlight -= 1));
    if (answer?.status === acknowledged) return answer;
    if (answer && answer.status !== 202 && answer.status < 500) throw new Error(`${url} (key ${key}) answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    if (answer) last = `${answer.status} ${JSON.stringify(answer.body)}`;
    ledger.unsettledAttempts += 1;
    await sleep(answer?.status === 202 ? 250 : 1000);
  }
  throw new Error(`${url} (key ${key}) was not acknowledged within ${COMMAND_DEADLINE_MS / 1000} s; last answer: ${last}`);
}

const address = { name: 'Margaret Hamilton', line1: 'Karl-Liebknecht-Straße 1', city: 'Leipzig', postalCode: '04109', country: 'DE' };
/** Where each path must end, as `order/payment/shipment` status of the order's view. */
export const TERMINAL_OUTCOMES: Readonly<Record<SagaPath, readonly string[]>> = {
  delivered: ['delivered/authorized/delivered'],
  'shipment-failed': ['cancelled/refunded/failed'],
  'card-declined': ['cancelled/declined/-'],
  'insufficient-funds': ['cancelled/declined/-'],
  // a cancelled order's shipment is cancelled with it (docs/services.md, "A cancel and a dispatch")
  'cancelled-after-payment': ['cancelled/refunded/cancelled'],
  // the cancel races the payment: paid and refunded either way; the shipment is cancelled whether it
  // was scheduled first or not (shipping records the cancellation of a shipment it never scheduled)
  'cancelled-at-once': ['cancelled/refunded/cancelled'],
  'left-confirmed': ['confirmed/authorized/scheduled'],
};

export const outcomeOf = (order: OrderView | undefined): string => (order ? `${order.status}/${order.payment?.status ?? '-'}/${order.shipment?.status ?? '-'}` : 'no view');

/** Drives one order along its path through whatever faults there are; records what was acknowledged. */
export async function driveOrderThroughFaults(saga: Saga, ledger: CommandLedger, path: SagaPath, index: number): Promise<DrivenOrder> {
  const placeKey = ledger.key(`${index}-place`);
  const placed = await untilAcknowledged(
    ledger,
    saga.orders.url('/orders'),
    placeKey,
    {
      body: {
        customerId: `cus_faults_${index % 10}`,
        currency: 'EUR',
        lines: [{ sku: `SKU-${index % 40}`, quantity: 1 + (index % 3), unitPriceCents: 700 + index }],
        shippingAddress: address,
        paymentToken: PAYMENT_TOKEN[path],
      },
    },
    201,
  );
  const orderId = String(placed.body['orderId']);
  ledger.acknowledged.push({ service: 'orders', aggregateId: orderId, commandId: placeKey, what: 'PlaceOrder' });
  const order = { orderId, path };
  ledger.orders.push(order);

  const command = async (service: 'orders' | 'shipments', what: string, url: string, init: { body?: unknown; headers?: Record<string, string> }) => {
    const key = ledger.key(`${index}-${what}`);
    await untilAcknowledged(ledger, url, key, init, 200);
    ledger.acknowledged.push({ service, aggregateId: orderId, commandId: key, what });
  };
  switch (path) {
    case 'delivered':
    case 'shipment-failed':
      await viewOf(saga, ledger, orderId, (view) => view.shipment?.status === 'scheduled');
      await command('shipments', 'DispatchShipment', saga.shipping.url(`/shipments/${orderId}/dispatch`), { body: { carrier: 'DHL', trackingNumber: `FT-${index}` } });
      if (path === 'delivered') await command('shipments', 'DeliverShipment', saga.shipping.url(`/shipments/${orderId}/deliver`), {});
      else await command('shipments', 'FailShipment', saga.shipping.url(`/shipments/${orderId}/fail`), { body: { reason: 'lost in transit' } });
      break;
    case 'cancelled-after-payment': {
      const confirmed = await viewOf(saga, ledger, orderId, (view) => view.status === 'confirmed');
      await command('orders', 'CancelOrder', saga.orders.url(`/orders/${orderId}/cancel`), { body: { reason: 'customer_request' }, headers: { 'If-Match': String(confirmed.version) } });
      break;
    }
    case 'cancelled-at-once':
      await command('orders', 'CancelOrder', saga.orders.url(`/orders/${orderId}/cancel`), { body: { reason: 'changed_mind' } });
      break;
    case 'card-declined':
    case 'insufficient-funds':
    case 'left-confirmed':
      break;
    default: {
      const unreachable: never = path;
      return unreachable;
    }
  }
  return order;
}

async function viewOf(saga: Saga, ledger: CommandLedger, orderId: string, accept: (view: OrderView) => boolean): Promise<OrderView> {
  for (const deadline = Date.now() + COMMAND_DEADLINE_MS; Date.now() < deadline; await sleep(250)) {
    const url = saga.query.url(`/orders/${orderId}`);
    const answer = await fetch(url, { headers: await impliedBearer('GET', url), signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) }).catch(() => undefined);
    if (answer?.status === 200) {
      const view = (await answer.json().catch(() => undefined)) as OrderView | undefined;
      if (view && accept(view)) return view;
    } else {
      // a 404 is the projection not there yet; anything else is a failure the reader lives through
      if (answer?.status !== 404) ledger.failedReads += 1;
      await answer?.body?.cancel();
    }
  }
  throw new Error(`order ${orderId} never reached the state the load waits for`);
}

/** `count` more orders over every path, `concurrency` at a time. */
export async function runFaultLoad(saga: Saga, ledger: CommandLedger, count: number, concurrency: number): Promise<DrivenOrder[]> {
  const driven: DrivenOrder[] = [];
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left -= 1;
      const index = ledger.takeIndex();
      driven.push(await driveOrderThroughFaults(saga, ledger, SAGA_PATHS[index % SAGA_PATHS.length] ?? 'delivered', index));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return driven;
}

/** How many commands a load of `count` orders over every path sends. */
export const commandsOf = (count: number): number => {
  const perPath: Record<SagaPath, number> = { delivered: 3, 'shipment-failed': 3, 'card-declined': 1, 'insufficient-funds': 1, 'cancelled-after-payment': 2, 'cancelled-at-once': 2, 'left-confirmed': 1 };
  return Array.from({ length: count }, (_, index) => perPath[SAGA_PATHS[index % SAGA_PATHS.length] ?? 'delivered']).reduce((sum, n) => sum + n, 0);
};
