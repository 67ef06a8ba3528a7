import type { TimelineEntry } from '../api/query-api.types';

/** One lane per service, in the saga's order. */
export const LANES = ['orders', 'payments', 'shipments'] as const;
export const LANE_NAMES: Readonly<Record<(typeof LANES)[number], string>> = {
  orders: 'order service',
  payments: 'payment service',
  shipments: 'shipping service',
};

/**
 * What started an event: another event of the timeline, through the command a service's reaction
 * issued for it; or a command from outside (an HTTP request).
 */
export type Cause = { readonly kind: 'event'; readonly row: number; readonly command: string } | { readonly kind: 'command'; readonly commandId: string };

export interface PlacedEntry {
  readonly entry: TimelineEntry;
  /** Its place in time: the timeline's order. */
  readonly row: number;
  readonly lane: number;
  readonly cause: Cause;
  /** Index into `correlations`: the events one request set going share it. */
  readonly correlation: number;
}

export interface TimelineLayout {
  readonly entries: readonly PlacedEntry[];
  /** Each event caused by another of the timeline: an arrow from the cause's row to its effect's. */
  readonly links: readonly { readonly from: number; readonly to: number }[];
  /** Each correction of an event of the timeline (docs/corrections.md): from the corrected event's row to the correction's. */
  readonly corrections: readonly { readonly corrected: number; readonly correction: number }[];
  /** The correlation ids, in the order they first appear. */
  readonly correlations: readonly string[];
}

/**
 * Pure: where each event of an order's timeline goes — a row per event in time order, a lane per
 * service — and what caused it. An event's causation id is the id of the command that decided it.
 * A saga reaction's command is named after the event it reacts to, `<eventId>:<CommandType>`
 * (`reactionCommand` in the service kit), so that event is the cause; any other command came from
 * outside (placing, dispatching).
 */
export function layoutTimeline(entries: readonly TimelineEntry[]): TimelineLayout {
  const rowOfEvent = new Map(entries.map((entry, row) => [entry.eventId, row]));
  const correlations = [...new Set(entries.map((entry) => entry.correlationId))];
  const placed = entries.map((entry, row): PlacedEntry => {
    const [triggerId = '', command = ''] = entry.causationId.split(':', 2);
    const causeRow = rowOfEvent.get(triggerId);
    return {
      entry,
      row,
      lane: laneOf(entry.stream),
      cause: causeRow === undefined || causeRow === row || command === '' ? { kind: 'command', commandId: entry.commandId } : { kind: 'event', row: causeRow, command },
      correlation: correlations.indexOf(entry.correlationId),
    };
  });
  const links = placed.flatMap(({ row, cause }) => (cause.kind === 'event' ? [{ from: cause.row, to: row }] : []));
  const corrections = entries.flatMap((entry, row) => {
    const corrected = entry.corrects === undefined ? undefined : rowOfEvent.get(entry.corrects);
    return corrected === undefined ? [] : [{ corrected, correction: row }];
  });
  return { entries: placed, links, corrections, correlations };
}

/**
 * Pure: what the timeline says of an event's corrections: the event a correction corrects, the
 * corrections of a corrected event, the correction an event follows in another service.
 */
export function correctionText(placed: PlacedEntry, layout: TimelineLayout): string[] {
  const rowOf = new Map(layout.entries.map(({ entry, row }) => [entry.eventId, row]));
  const name = (eventId: string) => {
    const row = rowOf.get(eventId);
    const entry = row === undefined ? undefined : layout.entries[row]?.entry;
    return entry === undefined ? `an event not on this timeline (${shortId(eventId)})` : `${entry.type} (${laneName(entry.stream)}, version ${entry.version})`;
  };
  const { corrects, correction, correctedBy } = placed.entry;
  return [
    ...(corrects === undefined ? [] : [`corrects ${name(corrects)}`]),
    ...(correction === undefined ? [] : [`follows the correction ${name(correction)}`]),
    ...(correctedBy ?? []).map((eventId) => `corrected by ${name(eventId)}`),
  ];
}

/** Pure: the reason a correction gives, if the event is one. */
export function correctionReason(entry: TimelineEntry): string | undefined {
  if (entry.corrects === undefined) return undefined;
  const reason = (entry.data as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** A stream's lane; a stream the explorer does not know of gets a lane after the known ones. */
export function laneOf(stream: string): number {
  const lane = (LANES as readonly string[]).indexOf(stream);
  return lane === -1 ? LANES.length : lane;
}

/** Pure: "PaymentAuthorized (payment service, version 1) → ConfirmOrder", or the command from outside. */
export function causeText(placed: PlacedEntry, layout: TimelineLayout): string {
  if (placed.cause.kind === 'command') return `a command from outside (${shortId(placed.cause.commandId)})`;
  const cause = layout.entries[placed.cause.row]?.entry;
  if (cause === undefined) return 'an event not on this timeline';
  return `${cause.type} (${laneName(cause.stream)}, version ${cause.version}) → ${placed.cause.command}`;
}

export const laneName = (stream: string): string => (LANE_NAMES as Readonly<Record<string, string>>)[stream] ?? stream;

/** The first block of a uuid: enough to tell ids of one order apart. */
export const shortId = (id: string): string => id.split('-')[0] ?? id;

/** The drawing's measures, in SVG user units. */
export const GEOMETRY = { laneWidth: 230, rowHeight: 58, boxWidth: 200, boxHeight: 44, top: 36 } as const;

export interface Box {
  readonly x: number;
  readonly y: number;
}

/** Pure: the top-left corner of an event's box. */
export function boxOf(placed: Pick<PlacedEntry, 'row' | 'lane'>): Box {
  return { x: placed.lane * GEOMETRY.laneWidth + (GEOMETRY.laneWidth - GEOMETRY.boxWidth) / 2, y: GEOMETRY.top + placed.row * GEOMETRY.rowHeight };
}

/**
 * Pure: an SVG path from a cause's box to its effect's, which is always lower (later). Within one
 * lane it bows out to the right, so it does not run over the boxes between; across lanes it leaves
 * the cause's side and enters the effect's top.
 */
export function linkPath(from: Box, to: Box): string {
  const { boxWidth, boxHeight } = GEOMETRY;
  if (from.x === to.x) {
    const x = from.x + boxWidth;
    const startY = from.y + boxHeight / 2;
    const endY = to.y + boxHeight / 2;
    const bow = 24 + Math.min(endY - startY, 200) / 8;
    return `M ${x} ${startY} C ${x + bow} ${startY}, ${x + bow} ${endY}, ${x} ${endY}`;
  }
  const startX = to.x > from.x ? from.x + boxWidth : from.x;
  const startY = from.y + boxHeight / 2;
  const endX = to.x + boxWidth / 2;
  return `M ${startX} ${startY} C ${endX} ${startY}, ${endX} ${startY}, ${endX} ${to.y}`;
}

/** Pure: the drawing's size for a layout. */
export function drawingSize(layout: TimelineLayout): { width: number; height: number } {
  const lanes = Math.max(LANES.length, ...layout.entries.map((placed) => placed.lane + 1));
  return { width: lanes * GEOMETRY.laneWidth + 40, height: GEOMETRY.top + layout.entries.length * GEOMETRY.rowHeight + 8 };
}
