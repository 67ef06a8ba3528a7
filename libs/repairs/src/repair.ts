import {
  orderCommands,
  orderEvents,
  shipmentCommands,
  shipmentEvents,
  type CommandCodec,
  type CommandEnvelope,
  type CorrectShippingAddress,
  type EventCodec,
  type EventEnvelope,
  type OrderEvent,
  type RepriceOrderLines,
  type ReverseShipmentDelivery,
  type ShipmentEvent,
} from '@rewind/contracts';
import type { z } from 'zod';

/** The streams whose aggregates a repair reads and corrects. */
export type RepairStream = 'orders' | 'shipments';

/** What an operator may ask of an aggregate: the corrections the operator API offers. */
export type CorrectionCommand = CorrectShippingAddress | RepriceOrderLines | ReverseShipmentDelivery;
/** A correction as a plan holds it: the command without its envelope, which applying it adds. */
export type PlannedCorrection = Pick<CorrectionCommand, 'type' | 'data'>;

/** Money a correction moves, in the currency's minor unit: negative goes back to the customer. */
export interface MoneyMove {
  readonly currency: string;
  readonly cents: number;
}

/** A repair's verdict on one aggregate. */
export type Assessment =
  /** It needs this correction. `holds` is what it holds now, for the reviewer; `note` says it in words. */
  | { readonly kind: 'correct'; readonly correction: PlannedCorrection; readonly holds: Readonly<Record<string, unknown>>; readonly money?: MoneyMove; readonly note: string }
  /** The bug touched it, but there is nothing to correct (cancelled and refunded in full…): listed for review. */
  | { readonly kind: 'leave'; readonly holds: Readonly<Record<string, unknown>>; readonly reason: string };

/** The history a repair reads: one aggregate's events, decoded (upcast) and in version order. */
export type History<S extends RepairStream> = S extends 'orders' ? readonly OrderEvent[] : readonly ShipmentEvent[];

/**
 * A repair after a bug (docs/corrections.md): a small, reviewable module that reads an
 * aggregate's history and says which correction it needs, if any. It reads the log, never a read
 * model, and decides nothing itself: the correction it names goes to the aggregate's decider, with
 * the version the plan saw, when the plan is applied.
 */
export interface Repair<S extends RepairStream = RepairStream, P = unknown> {
  /** How the CLI and the API name it: kebab-case. */
  readonly name: string;
  /** One line: what the bug did, for `npm run repair -- list` and the explorer. */
  readonly summary: string;
  readonly stream: S;
  /** Its parameters, from `--param name=value` (strings: the schema coerces them). */
  readonly params: z.ZodType<P>;
  /** Pure: this aggregate's verdict, or undefined when the bug did not touch it. */
  assess(history: History<S>, params: P): Assessment | undefined;
}

/** Where a stream's events are, and where its commands go. */
export interface StreamCodecs {
  readonly events: EventCodec<EventEnvelope>;
  readonly commands: CommandCodec<CommandEnvelope>;
}

export const streamCodecs: Readonly<Record<RepairStream, StreamCodecs>> = {
  orders: { events: orderEvents as EventCodec<EventEnvelope>, commands: orderCommands as unknown as CommandCodec<CommandEnvelope> },
  shipments: { events: shipmentEvents as EventCodec<EventEnvelope>, commands: shipmentCommands as unknown as CommandCodec<CommandEnvelope> },
};

/** A stream's events topic on a namespace, as the services name it. */
export const eventsTopic = (namespace: string, stream: RepairStream) => `${namespace}${stream}.events`;
