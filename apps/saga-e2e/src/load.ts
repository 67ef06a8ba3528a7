import type { OrderView } from '@rewind/orders-read-models';
import { setTimeout as sleep } from 'node:timers/promises';
import { http, type HttpAnswer, type Saga, type ServiceProcess } from '@rewind/testing';

/** Every way an order can go through the saga. */
export const SAGA_PATHS = ['delivered', 'shipment-failed', 'card-declined', 'insufficient-funds', 'cancelled-after-payment', 'cancelled-at-once', 'left-confirmed'] as const;
export type SagaPath = (typeof SAGA_PATHS)[number];

const address = { name: 'Grace Hopper', line1: 'Lindenstraße 9', city: 'Hamburg', postalCode: '20095', country: 'DE' };
/** The payment token that sends an order down each path (the fake card processor's test tokens). */
export const PAYMENT_TOKEN: Readonly<Record<SagaPath, string>> = {
  delivered: 'tok_visa',
  'shipment-failed': 'tok_visa',
  'card-declined': 'tok_chargeDeclined',
  'insufficient-funds': 'tok_insufficientFunds',
  'cancelled-after-payment': 'tok_visa',
  'cancelled-at-once': 'tok_visa',
  'left-confirmed': 'tok_visa',
};

/**
 * Drives one order along a path over the services' HTTP APIs, waiting on the query API where a
 * step needs the saga to have moved on. Steps are retried while the read model lags behind.
 */
export async function driveOrder(saga: Saga, path: SagaPath, index: number): Promise<string> {
  const placed = await http<{ orderId: string }>(saga.orders.url('/orders'), {
    body: {
      customerId: `cus_load_${index % 25}`,
      currency: 'EUR',
      lines: [{ sku: `SKU-${index % 40}`, quantity: 1 + (index % 3), unitPriceCents: 500 + index }],
      shippingAddress: address,
      paymentToken: PAYMENT_TOKEN[path],
    },
  });
  if (placed.status !== 201 && (await followed(saga.orders, placed)).status !== 200) {
    throw new Error(`placing order ${index} answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  }
  const id = placed.body.orderId;
  const view = (accept: (view: OrderView) => boolean) => waitForView(saga, id, accept);
  const accepted = async (service: ServiceProcess, path: string, init: { body?: unknown; headers?: Record<string, string> }) => {
    const answer = await followed(service, await http(service.url(path), { method: 'POST', ...init }));
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };
  switch (path) {
    case 'delivered':
    case 'shipment-failed':
      await view((order) => order.shipment?.status === 'scheduled');
      await accepted(saga.shipping, `/shipments/${id}/dispatch`, { body: { carrier: 'DHL', trackingNumber: `JD-${index}` } });
      if (path === 'delivered') await accepted(saga.shipping, `/shipments/${id}/deliver`, {});
      else await accepted(saga.shipping, `/shipments/${id}/fail`, { body: { reason: 'lost in transit' } });
      break;
    case 'cancelled-after-payment': {
      const confirmed = await view((order) => order.status === 'confirmed');
      await accepted(saga.orders, `/orders/${id}/cancel`, { body: { reason: 'customer_request' }, headers: { 'If-Match': String(confirmed.version) } });
      break;
    }
    case 'cancelled-at-once':
      // races the payment: cancelled before or after it, the saga must end consistent either way
      await accepted(saga.orders, `/orders/${id}/cancel`, { body: { reason: 'changed_mind' } });
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
  return id;
}

/**
 * A command's answer as a client that keeps to the API sees it: a 202 (its outcome not known within
 * COMMAND_TIMEOUT_MS, as on a machine busy with other suites) is asked again at its status URL
 * until the outcome is known. Any other answer is returned as it is.
 */
async function followed<T>(service: ServiceProcess, answer: HttpAnswer<T>): Promise<HttpAnswer<unknown>> {
  const statusUrl = (answer.body as { statusUrl?: string }).statusUrl;
  if (answer.status !== 202 || statusUrl === undefined) return answer;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(500)) {
    const status = await http(service.url(statusUrl));
    if (status.status !== 202) return status;
  }
  throw new Error(`${statusUrl} still pending after 120 s`);
}

async function waitForView(saga: Saga, id: string, accept: (view: OrderView) => boolean): Promise<OrderView> {
  // generous: the projector is killed and restarted during the load
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(250)) {
    const answer = await http<OrderView>(saga.query.url(`/orders/${id}`)).catch(() => undefined);
    if (answer?.status === 200 && accept(answer.body)) return answer.body;
  }
  throw new Error(`order ${id} never reached the state the load waits for`);
}

/** Runs `count` orders over every path, `concurrency` at a time; `onProgress` hears each order done. */
export async function runLoad(saga: Saga, count: number, concurrency: number, onProgress: (done: number) => Promise<void> = async () => undefined): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      ids.push(await driveOrder(saga, SAGA_PATHS[index % SAGA_PATHS.length] ?? 'delivered', index));
      await onProgress(ids.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}
