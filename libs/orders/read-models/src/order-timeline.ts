import { actorSchema, idSchema, redactPaymentTokens, type EventEnvelope } from '@rewind/contracts';
import { z } from 'zod';
import { orderIdOf, type OrderViewEvent } from './order-view';

/** One event of any service about an order, with what caused it: the audit trail. */
export const timelineEntrySchema = z.object({
  stream: z.string().describe('The stream it belongs to: `orders`, `payments` or `shipments`'),
  type: z.string(),
  aggregateId: z.string(),
  version: z.int().min(1),
  eventId: idSchema,
  occurredAt: z.string().meta({ format: 'date-time' }),
  commandId: z.string(),
  correlationId: z.string(),
  causationId: z.string(),
  actor: actorSchema.optional().describe('Who caused it: a person (subject and role) or a service reacting to an event; absent on events from before identities'),
  data: z.unknown().describe("The event's payload, as its contract decoded it, payment tokens redacted"),
  corrects: idSchema.optional().describe('A correction (docs/corrections.md): the event it corrects'),
  correction: idSchema.optional().describe('An event that follows a correction in another aggregate (a refund that settles a repricing): that correction'),
  correctedBy: z.array(idSchema).optional().describe('The corrections of this event in the timeline, oldest first'),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const orderTimelineSchema = z.object({
  orderId: z.string(),
  entries: z.array(timelineEntrySchema).describe('In time order; ties broken by stream and version, so every arrival order gives one timeline'),
});
export type OrderTimeline = z.infer<typeof orderTimelineSchema>;

/** Pure: the timeline with one more event in its place. */
export function evolveOrderTimeline(current: OrderTimeline | undefined, event: EventEnvelope, stream: string): OrderTimeline {
  const { corrects, correction } = references(event.data);
  const entry: TimelineEntry = {
    stream,
    type: event.type,
    aggregateId: event.aggregateId,
    version: event.aggregateVersion,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    commandId: event.commandId,
    correlationId: event.correlationId,
    causationId: event.causationId,
    ...(event.actor === undefined ? {} : { actor: event.actor }),
    // the read model never holds a payment token: the timeline, the rewinds and the explorer show none
    data: redactPaymentTokens(event.data),
    ...(corrects === undefined ? {} : { corrects }),
    ...(correction === undefined ? {} : { correction }),
  };
  const sorted = [...(current?.entries ?? []).map(withoutCorrectedBy), entry].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.stream.localeCompare(b.stream) || a.version - b.version,
  );
  return { orderId: current?.orderId ?? orderIdOf(event as OrderViewEvent), entries: markCorrected(sorted) };
}

/** What an event's payload says it corrects, or follows, as the contracts name them (`corrects`, `correction`). */
function references(data: unknown): { corrects?: string; correction?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const { corrects, correction } = data as Record<string, unknown>;
  return { ...(typeof corrects === 'string' ? { corrects } : {}), ...(typeof correction === 'string' ? { correction } : {}) };
}

function withoutCorrectedBy({ correctedBy: _, ...entry }: TimelineEntry): TimelineEntry {
  return entry;
}

/**
 * Each entry with the corrections of it. Worked out from the whole list on every fold, so that the
 * timeline is the same whatever order the topics deliver in.
 */
function markCorrected(entries: TimelineEntry[]): TimelineEntry[] {
  const correctedBy = new Map<string, string[]>();
  for (const { eventId, corrects } of entries) if (corrects !== undefined) correctedBy.set(corrects, [...(correctedBy.get(corrects) ?? []), eventId]);
  return entries.map((entry) => {
    const by = correctedBy.get(entry.eventId);
    return by ? { ...entry, correctedBy: by } : entry;
  });
}
