import type { TimelineEntry } from '../api/query-api.types';
import { boxOf, causeText, correctionReason, correctionText, drawingSize, GEOMETRY, layoutTimeline, linkPath } from './timeline-layout';

let second = 0;
/** An event as the event store writes it: its causation id is its command's id. */
const entry = (stream: string, type: string, version: number, ids: { eventId: string; commandId: string; correlationId: string }): TimelineEntry => ({
  stream,
  type,
  aggregateId: 'ord-1',
  version,
  occurredAt: new Date(Date.UTC(2026, 10, 27, 10, 0, second++)).toISOString(),
  causationId: ids.commandId,
  data: {},
  ...ids,
});

// an order placed over HTTP, paid, confirmed, scheduled; then dispatched over HTTP and shipped; a
// reaction's command id is `<the event it reacts to>:<its type>`
const placed = entry('orders', 'OrderPlaced', 1, { eventId: 'e1', commandId: 'http-1', correlationId: 'http-1' });
const authorized = entry('payments', 'PaymentAuthorized', 1, { eventId: 'e2', commandId: 'e1:AuthorizePayment', correlationId: 'http-1' });
const confirmed = entry('orders', 'OrderConfirmed', 2, { eventId: 'e3', commandId: 'e2:ConfirmOrder', correlationId: 'http-1' });
const scheduled = entry('shipments', 'ShipmentScheduled', 1, { eventId: 'e4', commandId: 'e3:ScheduleShipment', correlationId: 'http-1' });
const dispatched = entry('shipments', 'ShipmentDispatched', 2, { eventId: 'e5', commandId: 'http-2', correlationId: 'http-2' });
const shipped = entry('orders', 'OrderShipped', 3, { eventId: 'e6', commandId: 'e5:MarkOrderShipped', correlationId: 'http-2' });
const timeline = [placed, authorized, confirmed, scheduled, dispatched, shipped];

describe('layoutTimeline', () => {
  const layout = layoutTimeline(timeline);

  it('puts each event on the row of its place in time and in the lane of its service', () => {
    expect(layout.entries.map(({ entry: { type }, row, lane }) => [type, row, lane])).toEqual([
      ['OrderPlaced', 0, 0],
      ['PaymentAuthorized', 1, 1],
      ['OrderConfirmed', 2, 0],
      ['ShipmentScheduled', 3, 2],
      ['ShipmentDispatched', 4, 2],
      ['OrderShipped', 5, 0],
    ]);
  });

  it('links each saga reaction to the event it reacted to, and takes the rest for commands from outside', () => {
    expect(layout.links).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
      { from: 4, to: 5 },
    ]);
    expect(layout.entries.filter(({ cause }) => cause.kind === 'command').map(({ entry: { type } }) => type)).toEqual(['OrderPlaced', 'ShipmentDispatched']);
  });

  it('groups the events by the request that set them going', () => {
    expect(layout.correlations).toEqual(['http-1', 'http-2']);
    expect(layout.entries.map(({ correlation }) => correlation)).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('gives a stream it does not know a lane of its own after the services', () => {
    const other = layoutTimeline([entry('invoices', 'InvoiceSent', 1, { eventId: 'x', commandId: 'y', correlationId: 'z' })]);
    expect(other.entries[0]?.lane).toBe(3);
    expect(drawingSize(other).width).toBe(4 * GEOMETRY.laneWidth + 40);
  });

  it('takes a command named like a reaction to an event that is not on the timeline, or to itself, for one from outside', () => {
    const outside = layoutTimeline([entry('orders', 'OrderPlaced', 1, { eventId: 'e1', commandId: 'elsewhere:PlaceOrder', correlationId: 'c' })]);
    const own = layoutTimeline([entry('orders', 'OrderPlaced', 1, { eventId: 'e1', commandId: 'e1:PlaceOrder', correlationId: 'c' })]);
    expect([outside.links, own.links]).toEqual([[], []]);
    expect(outside.entries[0]?.cause).toEqual({ kind: 'command', commandId: 'elsewhere:PlaceOrder' });
  });
});

describe('causeText', () => {
  const layout = layoutTimeline(timeline);

  it('names the event that caused one, with its service and version, and the command the reaction issued', () => {
    expect(causeText(layout.entries[2]!, layout)).toBe('PaymentAuthorized (payment service, version 1) → ConfirmOrder');
  });

  it('names the command of an event caused from outside', () => {
    expect(causeText(layout.entries[0]!, layout)).toBe('a command from outside (http)');
  });
});

describe('linkPath', () => {
  it('runs from the side of a cause in another lane into the top of its effect', () => {
    const from = boxOf({ row: 0, lane: 0 });
    const to = boxOf({ row: 1, lane: 1 });
    expect(linkPath(from, to)).toBe(`M ${from.x + GEOMETRY.boxWidth} ${from.y + GEOMETRY.boxHeight / 2} C ${to.x + 100} ${from.y + 22}, ${to.x + 100} ${from.y + 22}, ${to.x + 100} ${to.y}`);
  });

  it('bows out to the right within one lane', () => {
    const from = boxOf({ row: 0, lane: 0 });
    const to = boxOf({ row: 2, lane: 0 });
    const right = from.x + GEOMETRY.boxWidth;
    expect(linkPath(from, to)).toMatch(new RegExp(`^M ${right} \\d+ C ${right + 24 + 116 / 8} `));
  });
});

describe('corrections on the timeline', () => {
  const delivered = entry('shipments', 'ShipmentDelivered', 3, { eventId: 'e7', commandId: 'http-3', correlationId: 'http-3' });
  const orderDelivered = entry('orders', 'OrderDelivered', 4, { eventId: 'e8', commandId: 'e7:MarkOrderDelivered', correlationId: 'http-3' });
  const reversal = { ...entry('shipments', 'ShipmentDeliveryReversed', 4, { eventId: 'e9', commandId: 'http-4', correlationId: 'http-4' }), corrects: 'e7', data: { reason: 'wrong parcel scanned' } };
  const orderReversal = { ...entry('orders', 'OrderDeliveryReversed', 5, { eventId: 'e10', commandId: 'e9:ReverseOrderDelivery', correlationId: 'http-4' }), corrects: 'e8' };
  const layout = layoutTimeline([...timeline, { ...delivered, correctedBy: ['e9'] }, { ...orderDelivered, correctedBy: ['e10'] }, reversal, orderReversal]);

  it('links each correction to the event it corrects, beside the arrows of causation', () => {
    expect(layout.corrections).toEqual([
      { corrected: 6, correction: 8 },
      { corrected: 7, correction: 9 },
    ]);
    expect(layout.links).toContainEqual({ from: 8, to: 9 });
  });

  it('says what each corrects, and what corrected each', () => {
    expect(correctionText(layout.entries[6]!, layout)).toEqual(['corrected by ShipmentDeliveryReversed (shipping service, version 4)']);
    expect(correctionText(layout.entries[8]!, layout)).toEqual(['corrects ShipmentDelivered (shipping service, version 3)']);
    expect(correctionText(layout.entries[0]!, layout)).toEqual([]);
    expect(correctionReason(reversal)).toBe('wrong parcel scanned');
    expect(correctionReason(delivered)).toBeUndefined();
  });

  it('names a corrected event that is not on the timeline as such', () => {
    const stray = layoutTimeline([{ ...placed, correction: 'f0e1d2c3-0000' }]);
    expect(correctionText(stray.entries[0]!, stray)).toEqual(['follows the correction an event not on this timeline (f0e1d2c3)']);
  });
});
