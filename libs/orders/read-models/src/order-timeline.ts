import type { EventEnvelope } from '@rewind/contracts';
import { orderIdOf, type OrderViewEvent } from './order-view';

/** One event of any service about an order, with what caused it: the audit trail. */
export interface TimelineEntry {
  readonly stream: string;
  readonly type: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: unknown;
}

export interface OrderTimeline {
  readonly orderId: string;
  /** In time order; ties broken by stream and version, so every arrival order gives one timeline. */
  readonly entries: readonly TimelineEntry[];
}

/** Pure: the timeline with one more event in its place. */
export function evolveOrderTimeline(current: OrderTimeline | undefined, event: EventEnvelope, stream: string): OrderTimeline {
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
    data: event.data,
  };
  const entries = [...(current?.entries ?? []), entry].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.stream.localeCompare(b.stream) || a.version - b.version,
  );
  return { orderId: current?.orderId ?? orderIdOf(event as OrderViewEvent), entries };
}
