// What the query API answers (docs/query-api.md), as the explorer reads it. The explorer is a
// client of the HTTP API and imports no Rewind library, so these restate the wire shapes.

export type OrderStatus = 'pending' | 'placed' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
export const ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'placed', 'confirmed', 'shipped', 'delivered', 'cancelled'];

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface OrderView {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly version: number;
  readonly customerId?: string;
  readonly currency?: string;
  readonly lines: readonly OrderLine[];
  readonly totalCents?: number;
  readonly cancellationReason?: string;
  readonly payment?: { readonly status: string; readonly amountCents: number; readonly declineReason?: string; readonly refundReason?: string };
  readonly shipment?: ShipmentSummary;
  readonly placedAt?: string;
  readonly updatedAt: string;
}

/** The order view's shipment: `cancelled` when its order was, `recalled` when the parcel had left by then. */
export interface ShipmentSummary {
  readonly status: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly failureReason?: string;
  readonly cancellationReason?: string;
  readonly recalled?: boolean;
}

export interface OrderPage {
  readonly items: readonly OrderView[];
  readonly nextCursor?: string;
}

/** One event of any service about an order: `GET /orders/:id/timeline`. */
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
  readonly entries: readonly TimelineEntry[];
}

/** The order aggregate folded up to a version: `GET /orders/:id/state?version=N`. */
export interface OrderState {
  readonly orderId: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly state: Readonly<Record<string, unknown>>;
}

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly position: number;
  readonly end: number;
  readonly lag: number;
}

export interface RebuildProgress {
  readonly done: number;
  readonly total: number;
  readonly ratePerSecond: number;
  readonly etaSeconds?: number;
  readonly updatedAt: string;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly live: number;
  readonly state: 'live' | 'rebuilding' | 'failed';
  readonly lag: { readonly records: number; readonly partitions: readonly PartitionLag[]; readonly measuredAt: string };
  readonly rebuild?: { readonly generation: number; readonly requestedAt: string; readonly percent: number; readonly progress?: RebuildProgress; readonly error?: string };
  readonly retired: readonly { readonly generation: number; readonly dropAfter: string }[];
}

/** `POST /projections/:name/verify`. */
export interface GenerationComparison {
  readonly projection: string;
  readonly generations: readonly [number, number];
  readonly documents: readonly [number, number];
  readonly onlyIn: readonly [readonly string[], readonly string[]];
  readonly different: readonly { readonly id: string; readonly path: string }[];
  readonly differences: number;
}

export interface DeadLetter {
  readonly id: string;
  readonly consumer: string;
  readonly reason: string;
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string };
  /** For a record held behind another letter of its key: that letter's source. */
  readonly heldBehind?: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly at: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly replayRequested: boolean;
  readonly value?: string | null;
  readonly valueBase64?: string;
}

export interface DeadLetterList {
  readonly total: number;
  readonly deadLetters: readonly DeadLetter[];
}

/** `POST /dead-letters/replay`: 202. */
export interface ReplayAnswer {
  readonly consumer: string;
  readonly requestedAt: string;
  readonly keys: readonly { readonly key: string; readonly topic: string; readonly letters: number }[];
}

/** An error answer (RFC 9457). */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
}
