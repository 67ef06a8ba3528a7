import type { OrderEvent, ShipmentEvent } from '@rewind/contracts';
import { singleCorrection } from './single-correction';
import { address, confirmed, orderHistory, placedWith, shipmentHistory } from './testing/histories';

const lines = [
  { sku: 'MUG', quantity: 2, unitPriceCents: 1250 },
  { sku: 'BEANS', quantity: 1, unitPriceCents: 1900 },
];
const order = orderHistory('order-1', '2026-11-05T12:00:00.000Z', [placedWith(lines), confirmed]);

describe('a single correction, from the history in the log', () => {
  it('corrects the fields of the address given, keeps the others, and names the event that set it', () => {
    expect(singleCorrection({ kind: 'address', aggregateId: 'order-1', reason: 'typo', address: { line1: 'Invalidenstraße 171' } }, order)).toEqual({
      ok: true,
      correction: { type: 'CorrectShippingAddress', data: { corrects: order[0]!.eventId, reason: 'typo', address: { ...address, line1: 'Invalidenstraße 171' } } },
      version: 2,
      corrects: order[0],
      holds: { status: 'confirmed', shippingAddress: address },
    });
  });

  it('takes a corrected address as the one to correct next', () => {
    const corrected: Pick<OrderEvent, 'type' | 'data'> = { type: 'ShippingAddressCorrected', data: { corrects: order[0]!.eventId, reason: 'typo', address: { ...address, city: 'Potsdam' }, previousAddress: address } };
    const history = orderHistory('order-1', '2026-11-05T12:00:00.000Z', [placedWith(lines), confirmed, corrected]);
    const result = singleCorrection({ kind: 'address', aggregateId: 'order-1', reason: 'again', address: { postalCode: '14467' } }, history);
    expect(result).toMatchObject({ ok: true, version: 3, correction: { data: { corrects: history[2]!.eventId, address: { city: 'Potsdam', postalCode: '14467' } } } });
  });

  it('refuses an event named that did not set what is corrected, naming the one that did', () => {
    expect(singleCorrection({ kind: 'address', aggregateId: 'order-1', reason: 'typo', address: {}, corrects: order[1]!.eventId }, order)).toEqual({
      ok: false,
      problem: `event ${order[1]!.eventId} (OrderConfirmed, version 2) did not set the address order-1 has now; ${order[0]!.eventId} (OrderPlaced, version 1) did`,
    });
    expect(singleCorrection({ kind: 'address', aggregateId: 'order-1', reason: 'typo', address: {}, corrects: '00000000-0000-4000-8000-999999999999' }, order)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('is not in the history of order-1'),
    });
  });

  it('reprices a line named by its SKU or its place, and refuses one that is not there', () => {
    expect(singleCorrection({ kind: 'reprice', aggregateId: 'order-1', reason: 'r', lines: [{ line: 'BEANS', unitPriceCents: 1800 }, { line: 0, unitPriceCents: 1150 }] }, order)).toMatchObject({
      ok: true,
      correction: {
        type: 'RepriceOrderLines',
        data: { corrects: order[0]!.eventId, lines: [{ line: 1, sku: 'BEANS', unitPriceCents: 1800 }, { line: 0, sku: 'MUG', unitPriceCents: 1150 }] },
      },
    });
    expect(singleCorrection({ kind: 'reprice', aggregateId: 'order-1', reason: 'r', lines: [{ line: 'TEA', unitPriceCents: 1 }] }, order)).toEqual({
      ok: false,
      problem: 'order order-1 has no line TEA (its lines: 0: MUG, 1: BEANS)',
    });
  });

  it('reverses the delivery a shipment has now, and refuses one without', () => {
    const delivered: Pick<ShipmentEvent, 'type' | 'data'>[] = [
      { type: 'ShipmentScheduled', data: { orderId: 'order-1', address } },
      { type: 'ShipmentDispatched', data: { orderId: 'order-1', carrier: 'DHL', trackingNumber: 'JD1' } },
      { type: 'ShipmentDelivered', data: { orderId: 'order-1' } },
    ];
    const shipment = shipmentHistory('order-1', delivered);
    expect(singleCorrection({ kind: 'reverse-delivery', aggregateId: 'order-1', reason: 'wrong scan' }, shipment)).toMatchObject({
      ok: true,
      version: 3,
      correction: { type: 'ReverseShipmentDelivery', data: { corrects: shipment[2]!.eventId, reason: 'wrong scan' } },
    });
    const reversed = shipmentHistory('order-1', [...delivered, { type: 'ShipmentDeliveryReversed', data: { orderId: 'order-1', corrects: shipment[2]!.eventId, reason: 'wrong scan' } }]);
    expect(singleCorrection({ kind: 'reverse-delivery', aggregateId: 'order-1', reason: 'again' }, reversed)).toEqual({
      ok: false,
      problem: 'shipment order-1 (dispatched) has no delivery to reverse',
    });
  });

  it('says so when the log holds nothing of the aggregate', () => {
    expect(singleCorrection({ kind: 'reverse-delivery', aggregateId: 'nope', reason: 'r' }, [])).toEqual({ ok: false, problem: 'there is no shipment nope in the log' });
  });
});
