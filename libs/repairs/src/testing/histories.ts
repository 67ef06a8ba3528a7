import type { OrderEvent, OrderLine, ShipmentEvent } from '@rewind/contracts';

// Histories as the log holds them, for the repairs' specs: envelopes with ids, versions and times.

export const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };

const uuid = (aggregate: string, version: number) =>
  `00000000-0000-4000-8000-${(aggregate.replace(/\D/g, '').padStart(6, '0') + String(version).padStart(6, '0')).slice(-12)}`;

/** An order's history, one event per entry, versions from 1, a minute apart from `placedAt`. */
export function orderHistory(orderId: string, placedAt: string, events: readonly Pick<OrderEvent, 'type' | 'data'>[]): OrderEvent[] {
  const start = Date.parse(placedAt);
  return events.map(
    (event, index) =>
      ({
        ...event,
        eventId: uuid(orderId, index + 1),
        schemaVersion: event.type === 'OrderPlaced' ? 2 : 1,
        aggregateId: orderId,
        aggregateVersion: index + 1,
        occurredAt: new Date(start + index * 60_000).toISOString(),
        commandId: `cmd-${index + 1}`,
        correlationId: `corr-${orderId}`,
        causationId: `cmd-${index + 1}`,
      }) as OrderEvent,
  );
}

export function shipmentHistory(shipmentId: string, events: readonly Pick<ShipmentEvent, 'type' | 'data'>[]): ShipmentEvent[] {
  return events.map(
    (event, index) =>
      ({
        ...event,
        eventId: uuid(shipmentId, 100 + index + 1),
        schemaVersion: 1,
        aggregateId: shipmentId,
        aggregateVersion: index + 1,
        occurredAt: new Date(Date.parse('2026-11-20T10:00:00Z') + index * 60_000).toISOString(),
        commandId: `cmd-${index + 1}`,
        correlationId: `corr-${shipmentId}`,
        causationId: `cmd-${index + 1}`,
      }) as ShipmentEvent,
  );
}

export const placedWith = (lines: OrderLine[], currency = 'EUR'): Pick<OrderEvent, 'type' | 'data'> => ({
  type: 'OrderPlaced',
  data: {
    customerId: 'cus_1',
    currency,
    lines,
    shippingAddress: address,
    paymentToken: 'tok_visa',
    totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
  },
});
export const confirmed: Pick<OrderEvent, 'type' | 'data'> = { type: 'OrderConfirmed', data: { paymentId: 'p', shippingAddress: address } };
export const cancelled: Pick<OrderEvent, 'type' | 'data'> = { type: 'OrderCancelled', data: { reason: 'customer_request', refunded: false } };
