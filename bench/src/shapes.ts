import { createHash } from 'node:crypto';
import { orderEvents, paymentEvents, shipmentEvents, type Address, type OrderLine } from '@rewind/contracts';

const address: Address = { name: 'Ada Lovelace', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const lines: OrderLine[] = [
  { sku: 'MUG', quantity: 2, unitPriceCents: 1250 },
  { sku: 'TEA-ASSAM', quantity: 1, unitPriceCents: 899 },
];
const totalCents = 2 * 1250 + 899;

/** The body of a POST /orders that the payment simulator authorises. */
export function placeOrderBody(customer: number): string {
  return JSON.stringify({ customerId: `cus_${customer % 1000}`, currency: 'EUR', paymentToken: 'tok_visa', lines, shippingAddress: address });
}

/** A UUID derived from a name, so seeded ids are reproducible. */
export function idFor(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface SeedRecord {
  readonly topic: 'orders' | 'payments' | 'shipments';
  readonly key: string;
  readonly value: string;
}

/**
 * The four events of one order's happy path up to a scheduled shipment, encoded (and so
 * validated) by the contracts' codecs: OrderPlaced and OrderConfirmed (versions 1, 2 of the
 * order), PaymentAuthorized and ShipmentScheduled (version 1 of the payment and the shipment).
 */
export function orderHistory(seed: string, index: number, at: Date): SeedRecord[] {
  const orderId = idFor(`${seed}/order/${index}`);
  const correlationId = idFor(`${seed}/correlation/${index}`);
  const occurredAt = at.toISOString();
  const meta = (name: string, aggregateVersion: number) => {
    const id = idFor(`${seed}/${name}/${index}`);
    return { eventId: id, schemaVersion: 1, aggregateId: orderId, aggregateVersion, occurredAt, commandId: id, correlationId, causationId: correlationId };
  };
  return [
    {
      topic: 'orders',
      key: orderId,
      value: orderEvents.encode({
        ...meta('placed', 1),
        type: 'OrderPlaced',
        data: { customerId: `cus_${index % 1000}`, currency: 'EUR', lines, shippingAddress: address, paymentToken: 'tok_visa', totalCents },
      }),
    },
    { topic: 'payments', key: orderId, value: paymentEvents.encode({ ...meta('authorized', 1), type: 'PaymentAuthorized', data: { orderId, amountCents: totalCents, currency: 'EUR', token: 'tok_visa' } }) },
    { topic: 'orders', key: orderId, value: orderEvents.encode({ ...meta('confirmed', 2), type: 'OrderConfirmed', data: { paymentId: orderId, shippingAddress: address } }) },
    { topic: 'shipments', key: orderId, value: shipmentEvents.encode({ ...meta('scheduled', 1), type: 'ShipmentScheduled', data: { orderId, address } }) },
  ];
}

export const EVENTS_PER_ORDER = 4;

/** A document shaped like the `orders` read model's: `{ _id, model, applied }`, the model joined with payment and shipment. */
export function orderViewDocument(orderId: string, step: number): { _id: string; model: Record<string, unknown>; applied: Record<string, number> } {
  return {
    _id: orderId,
    model: {
      orderId,
      customerId: 'cus_1',
      status: step >= 2 ? 'confirmed' : 'placed',
      currency: 'EUR',
      lines,
      totalCents,
      shippingAddress: address,
      placedAt: '2026-11-27T10:00:00.000Z',
      updatedAt: '2026-11-27T10:00:01.000Z',
      version: Math.min(step, 2),
      payment: step >= 1 ? { status: 'authorized', amountCents: totalCents, currency: 'EUR', version: 1 } : null,
      shipment: step >= 3 ? { status: 'scheduled', address, version: 1 } : null,
    },
    applied: { orders: Math.min(step, 2), ...(step >= 1 ? { payments: 1 } : {}), ...(step >= 3 ? { shipments: 1 } : {}) },
  };
}
