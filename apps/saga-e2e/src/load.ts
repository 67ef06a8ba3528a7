import type { OrderView } from '@rewind/orders-read-models';
import { setTimeout as sleep } from 'node:timers/promises';
import { http, type Saga } from '@rewind/testing';

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
  if (placed.status !== 201) throw new Error(`placing order ${index} answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  const id = placed.body.orderId;
  const view = (accept: (view: OrderView) => boolean) => waitForView(saga, id, accept);
  const accepted = async (url: string, body?: unknown) => {
    const answer = await http(url, body === undefined ? { method: 'POST' } : { body });
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };
  switch (path) {
    case 'delivered':
    case 'shipment-failed':
      await view((order) => order.shipment?.status === 'scheduled');
      await accepted(saga.shipping.url(`/shipments/${id}/dispatch`), { carrier: 'DHL', trackingNumber: `JD-${index}` });
      if (path === 'delivered') await accepted(saga.shipping.url(`/shipments/${id}/deliver`));
      else await accepted(saga.shipping.url(`/shipments/${id}/fail`), { reason: 'lost in transit' });
      break;
    case 'cancelled-after-payment': {
      const confirmed = await view((order) => order.status === 'confirmed');
      const answer = await http(saga.orders.url(`/orders/${id}/cancel`), { body: { reason: 'customer_request' }, headers: { 'If-Match': String(confirmed.version) } });
      if (answer.status !== 200) throw new Error(`cancelling ${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      break;
    }
    case 'cancelled-at-once':
      // races the payment: cancelled before or after it, the saga must end consistent either way
      await accepted(saga.orders.url(`/orders/${id}/cancel`), { reason: 'changed_mind' });
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
