import type { Address, EventEnvelope, OrderEvent, ShipmentEvent } from '@rewind/contracts';
import { fold } from '@rewind/decider';
import { orderDecider } from '@rewind/orders-domain';
import { shipmentDecider } from '@rewind/shipping-domain';
import { addressSetBy, deliveryOf, pricesSetBy } from './history';
import type { PlannedCorrection, RepairStream } from './repair';

/** One correction an operator asks for by hand (`npm run repair -- correct …`), before the log is read. */
export type SingleCorrectionRequest =
  /** The fields of the address to change; the others stay as they are. */
  | { readonly kind: 'address'; readonly aggregateId: string; readonly reason: string; readonly address: Partial<Address>; readonly corrects?: string }
  /** Each line by its place (from 0) or by its SKU when only one line has it. */
  | {
      readonly kind: 'reprice';
      readonly aggregateId: string;
      readonly reason: string;
      readonly lines: readonly { readonly line: number | string; readonly unitPriceCents: number }[];
      readonly corrects?: string;
    }
  | { readonly kind: 'reverse-delivery'; readonly aggregateId: string; readonly reason: string; readonly corrects?: string };

export type SingleCorrection =
  | {
      readonly ok: true;
      readonly correction: PlannedCorrection;
      /** The version the history was read at: sent as the expected version unless the operator gave one. */
      readonly version: number;
      /** The event it corrects, as the log holds it. */
      readonly corrects: EventEnvelope;
      readonly holds: Readonly<Record<string, unknown>>;
    }
  /** What the operator asked does not fit the history: nothing is sent. */
  | { readonly ok: false; readonly problem: string };

export const streamOfCorrection = (kind: SingleCorrectionRequest['kind']): RepairStream => (kind === 'reverse-delivery' ? 'shipments' : 'orders');

/**
 * Pure: the command for one correction, from the aggregate's history (read from the log). It fills
 * in what the operator may leave out — the event it corrects, the rest of an address, a line's SKU
 * — and checks what they gave: an event named must be the one that set the fact being corrected.
 */
export function singleCorrection(request: SingleCorrectionRequest, history: readonly EventEnvelope[]): SingleCorrection {
  const what = request.kind === 'reverse-delivery' ? 'shipment' : 'order';
  const version = history.at(-1)?.aggregateVersion;
  if (version === undefined) return problem(`there is no ${what} ${request.aggregateId} in the log`);
  switch (request.kind) {
    case 'address': {
      const events = history as readonly OrderEvent[];
      const state = fold(orderDecider, events);
      if (state.status === 'none') return problem(`${request.aggregateId} is not an order`);
      const setBy = addressSetBy(events);
      const address = { ...state.shippingAddress, ...request.address };
      return corrected(request, history, setBy, 'the address', version, { status: state.status, shippingAddress: state.shippingAddress }, (corrects) => ({
        type: 'CorrectShippingAddress',
        data: { corrects, reason: request.reason, address },
      }));
    }
    case 'reprice': {
      const events = history as readonly OrderEvent[];
      const state = fold(orderDecider, events);
      if (state.status === 'none') return problem(`${request.aggregateId} is not an order`);
      const lines: { line: number; sku: string; unitPriceCents: number }[] = [];
      for (const { line, unitPriceCents } of request.lines) {
        const places = typeof line === 'number' ? [line] : state.lines.flatMap((candidate, index) => (candidate.sku === line ? [index] : []));
        const [index] = places;
        if (index === undefined || state.lines[index] === undefined) return problem(`order ${request.aggregateId} has no line ${String(line)} (its lines: ${describeLines(state.lines)})`);
        if (places.length > 1) return problem(`order ${request.aggregateId} has ${places.length} lines of ${String(line)}: name each by its place (${places.join(', ')})`);
        lines.push({ line: index, sku: state.lines[index].sku, unitPriceCents });
      }
      const setBy = pricesSetBy(events, lines.map(({ line }) => line));
      const holds = { status: state.status, totalCents: state.totalCents, currency: state.currency, lines: state.lines };
      return corrected(request, history, setBy, 'those prices', version, holds, (corrects) => ({ type: 'RepriceOrderLines', data: { corrects, reason: request.reason, lines } }));
    }
    case 'reverse-delivery': {
      const events = history as readonly ShipmentEvent[];
      const state = fold(shipmentDecider, events);
      const setBy = deliveryOf(events);
      if (!setBy) return problem(`shipment ${request.aggregateId} (${state.status}) has no delivery to reverse`);
      return corrected(request, history, setBy, 'the delivery', version, { status: state.status }, (corrects) => ({
        type: 'ReverseShipmentDelivery',
        data: { corrects, reason: request.reason },
      }));
    }
    default: {
      const unreachable: never = request;
      return unreachable;
    }
  }
}

function corrected(
  request: SingleCorrectionRequest,
  history: readonly EventEnvelope[],
  setBy: EventEnvelope | undefined,
  fact: string,
  version: number,
  holds: Readonly<Record<string, unknown>>,
  command: (corrects: string) => PlannedCorrection,
): SingleCorrection {
  if (!setBy) return problem(`nothing in the history of ${request.aggregateId} set ${fact}`);
  if (request.corrects !== undefined && request.corrects !== setBy.eventId) {
    const named = history.find((event) => event.eventId === request.corrects);
    const actual = `${setBy.eventId} (${setBy.type}, version ${setBy.aggregateVersion}) did`;
    return problem(
      named
        ? `event ${named.eventId} (${named.type}, version ${named.aggregateVersion}) did not set ${fact} ${request.aggregateId} has now; ${actual}`
        : `event ${request.corrects} is not in the history of ${request.aggregateId}; ${fact} it has now: ${actual} set it`,
    );
  }
  return { ok: true, correction: command(setBy.eventId), version, corrects: setBy, holds };
}

const problem = (text: string): SingleCorrection => ({ ok: false, problem: text });

const describeLines = (lines: readonly { sku: string }[]) => lines.map((line, index) => `${index}: ${line.sku}`).join(', ');
