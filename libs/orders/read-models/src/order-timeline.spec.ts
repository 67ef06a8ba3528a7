import type { EventEnvelope } from '@rewind/contracts';
import { evolveOrderTimeline, type OrderTimeline } from './order-timeline';

const event = (type: string, aggregateVersion: number, minute: number, data: object, causationId = 'c'): EventEnvelope => ({
  eventId: `00000000-0000-4000-8000-${String(minute * 10 + aggregateVersion).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  aggregateId: 'order-1',
  aggregateVersion,
  occurredAt: `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`,
  commandId: `cmd-${type}`,
  correlationId: 'req-1',
  causationId,
  data,
});

const placed = { event: event('OrderPlaced', 1, 1, { totalCents: 100 }), stream: 'orders' };
const authorized = { event: event('PaymentAuthorized', 1, 2, { orderId: 'order-1' }, placed.event.eventId), stream: 'payments' };
const confirmed = { event: event('OrderConfirmed', 2, 3, {}, authorized.event.eventId), stream: 'orders' };
const fold = (items: { event: EventEnvelope; stream: string }[]) => items.reduce<OrderTimeline | undefined>((t, i) => evolveOrderTimeline(t, i.event, i.stream), undefined);

describe('the order timeline', () => {
  it('lists every service event about the order, in time order, with what caused each', () => {
    const timeline = fold([placed, authorized, confirmed]);
    expect(timeline?.entries.map((e) => [e.stream, e.type, e.version, e.causationId])).toEqual([
      ['orders', 'OrderPlaced', 1, 'c'],
      ['payments', 'PaymentAuthorized', 1, placed.event.eventId],
      ['orders', 'OrderConfirmed', 2, authorized.event.eventId],
    ]);
    expect(timeline?.entries.every((e) => e.correlationId === 'req-1')).toBe(true);
  });

  it('marks a corrected event with its corrections, and each correction with the event it corrects', () => {
    const repriced = { event: event('OrderRepriced', 3, 4, { corrects: placed.event.eventId, reason: 'MUG is 11.50', repricing: 1 }), stream: 'orders' };
    const refunded = { event: event('PaymentPartiallyRefunded', 2, 5, { orderId: 'order-1', correction: repriced.event.eventId }), stream: 'payments' };
    const corrected = { event: event('ShippingAddressCorrected', 4, 6, { corrects: placed.event.eventId, reason: 'typo' }), stream: 'orders' };
    const timeline = fold([placed, authorized, confirmed, repriced, refunded, corrected]);
    expect(timeline?.entries.map((e) => [e.type, e.corrects, e.correction, e.correctedBy])).toEqual([
      ['OrderPlaced', undefined, undefined, [repriced.event.eventId, corrected.event.eventId]],
      ['PaymentAuthorized', undefined, undefined, undefined],
      ['OrderConfirmed', undefined, undefined, undefined],
      ['OrderRepriced', placed.event.eventId, undefined, undefined],
      ['PaymentPartiallyRefunded', undefined, repriced.event.eventId, undefined],
      ['ShippingAddressCorrected', placed.event.eventId, undefined, undefined],
    ]);
    expect(fold([corrected, refunded, repriced, confirmed, authorized, placed])).toEqual(timeline);
  });

  it('is the same whatever order the topics deliver in', () => {
    expect(fold([authorized, placed, confirmed])).toEqual(fold([placed, confirmed, authorized]));
    expect(fold([authorized, placed, confirmed])?.orderId).toBe('order-1');
  });
});
