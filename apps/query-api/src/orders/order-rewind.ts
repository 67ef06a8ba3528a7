import type { Actor } from '@rewind/contracts';
import { fold } from '@rewind/decider';
import { orderDecider, type OrderDomainEvent, type OrderState } from '@rewind/orders-domain';
import type { OrderTimeline, TimelineEntry } from '@rewind/orders-read-models';
import type { RewindPoint } from './orders.query';

/** The order's own stream in the timeline (the orders projection's name for `<ns>orders.events`). */
const ORDER_STREAM = 'orders';

/** One event of the order's history, by its version and when it occurred. */
export interface HistoryMark {
  readonly version: number;
  readonly occurredAt: string;
}

/** A correction in the order's own stream (docs/corrections.md), as a rewind names it. */
export interface CorrectionMark {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly occurredAt: string;
  /** The event it corrects. */
  readonly corrects: string;
  readonly reason?: string;
  /** Who made the correction. */
  readonly actor?: Actor;
}

export type Rewound =
  | {
      readonly kind: 'rewound';
      readonly orderId: string;
      readonly version: number;
      readonly occurredAt: string;
      /** Who caused the last event folded; absent for an event from before identities. */
      readonly actor?: Actor;
      readonly state: OrderState;
      /** The corrections folded into this state; absent when there are none. */
      readonly corrections?: readonly CorrectionMark[];
      /** Corrections made after this point of events folded into it: this state holds facts since corrected. Absent when none. */
      readonly correctedLater?: readonly CorrectionMark[];
    }
  /** The timeline holds no event of the order's own stream (a payment may arrive first). */
  | { readonly kind: 'no-order' }
  | { readonly kind: 'beyond-last' | 'before-first'; readonly first: HistoryMark; readonly last: HistoryMark };

/**
 * Pure: the order aggregate as it was at a point of its history, folded from its own events in the
 * timeline with the write side's `evolve` — the state its decider saw, not the joined read model.
 * `at` keeps the events up to the first one that occurred after it: the state is always that of
 * some version, even if clocks between instances were not in step.
 */
export function rewindOrder(timeline: OrderTimeline, point: RewindPoint): Rewound {
  const own = timeline.entries.filter((entry) => entry.stream === ORDER_STREAM).sort((a, b) => a.version - b.version);
  const first = own[0];
  const last = own[own.length - 1];
  if (!first || !last) return { kind: 'no-order' };
  const history = { first: markOf(first), last: markOf(last) };

  let kept: TimelineEntry[];
  if ('version' in point) {
    if (point.version > last.version) return { kind: 'beyond-last', ...history };
    kept = own.filter((entry) => entry.version <= point.version);
  } else {
    const after = own.findIndex((entry) => Date.parse(entry.occurredAt) > point.at.getTime());
    kept = after === -1 ? own : own.slice(0, after);
  }
  const end = kept[kept.length - 1];
  if (!end) return { kind: 'before-first', ...history };
  // the timeline keeps each event's data as its codec decoded it: the shape evolve takes
  const events = kept.map((entry) => ({ type: entry.type, data: entry.data }) as OrderDomainEvent);
  const keptIds = new Set(kept.map((entry) => entry.eventId));
  const corrections = kept.filter(isCorrection).map(markOfCorrection);
  const correctedLater = own.filter(isCorrection).filter((entry) => entry.version > end.version && keptIds.has(entry.corrects)).map(markOfCorrection);
  return {
    kind: 'rewound',
    orderId: timeline.orderId,
    version: end.version,
    occurredAt: end.occurredAt,
    ...(end.actor === undefined ? {} : { actor: end.actor }),
    state: fold(orderDecider, events),
    ...(corrections.length > 0 ? { corrections } : {}),
    ...(correctedLater.length > 0 ? { correctedLater } : {}),
  };
}

const isCorrection = (entry: TimelineEntry): entry is TimelineEntry & { corrects: string } => entry.corrects !== undefined;

function markOfCorrection(entry: TimelineEntry & { corrects: string }): CorrectionMark {
  const reason = (entry.data as { reason?: unknown } | null)?.reason;
  return {
    eventId: entry.eventId,
    type: entry.type,
    version: entry.version,
    occurredAt: entry.occurredAt,
    corrects: entry.corrects,
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(entry.actor === undefined ? {} : { actor: entry.actor }),
  };
}

const markOf = ({ version, occurredAt }: TimelineEntry): HistoryMark => ({ version, occurredAt });
