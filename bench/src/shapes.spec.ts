import { orderEvents, paymentEvents, shipmentEvents } from '@rewind/contracts';
import { EVENTS_PER_ORDER, idFor, orderHistory } from './shapes';

describe('orderHistory', () => {
  const history = orderHistory('seed', 7, new Date('2026-11-27T10:00:00Z'));

  it('is a happy path the contracts decode, keyed by the order id, with gapless versions', () => {
    expect(history).toHaveLength(EVENTS_PER_ORDER);
    const decoded = history.map((record) => ({ record, event: { orders: orderEvents, payments: paymentEvents, shipments: shipmentEvents }[record.topic].decode(record.value) }));
    expect(decoded.map(({ event }) => [event.type, event.aggregateVersion])).toEqual([
      ['OrderPlaced', 1],
      ['PaymentAuthorized', 1],
      ['OrderConfirmed', 2],
      ['ShipmentScheduled', 1],
    ]);
    expect(new Set(decoded.map(({ record, event }) => `${record.key}=${event.aggregateId}`)).size).toBe(1);
  });

  it('is reproducible, and another index is another order', () => {
    expect(orderHistory('seed', 7, new Date(0))[0]?.key).toBe(history[0]?.key);
    expect(orderHistory('seed', 8, new Date(0))[0]?.key).not.toBe(history[0]?.key);
    expect(idFor('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
