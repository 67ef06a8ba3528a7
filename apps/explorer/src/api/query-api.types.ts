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
  /** Its corrections, oldest first (docs/corrections.md). */
  readonly corrections?: readonly OrderCorrection[];
  readonly repricing?: { readonly number: number; readonly status: 'pending' | 'settled' | 'reverted' };
  readonly payment?: {
    readonly status: string;
    readonly amountCents: number;
    readonly declineReason?: string;
    readonly refundReason?: string;
    readonly lastSettlement?: { readonly repricing: number; readonly kind: string; readonly amountCents: number; readonly declineReason?: string };
  };
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
  /** The address was corrected after the parcel had left: the carrier is to redirect it. */
  readonly redirected?: boolean;
  readonly deliveriesReversed?: number;
}

/** A correction in the order's own log: what it corrects, why, and when. */
export interface OrderCorrection {
  readonly eventId: string;
  readonly type: string;
  readonly corrects: string;
  readonly reason: string;
  readonly version: number;
  readonly occurredAt: string;
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
  /** A correction: the event it corrects. */
  readonly corrects?: string;
  /** An event that follows a correction in another service: that correction. */
  readonly correction?: string;
  /** The corrections of this event. */
  readonly correctedBy?: readonly string[];
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
  /** The corrections folded into this state. */
  readonly corrections?: readonly CorrectionMark[];
  /** Corrections made later of events folded here: this state holds facts since corrected. */
  readonly correctedLater?: readonly CorrectionMark[];
}

export interface CorrectionMark {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly corrects: string;
  readonly reason?: string;
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

/** `GET /repairs`: a repair there is, with its parameters as a JSON schema. */
export interface RepairKind {
  readonly name: string;
  readonly summary: string;
  readonly stream: string;
  readonly params: { readonly properties?: Readonly<Record<string, { readonly description?: string }>>; readonly required?: readonly string[] };
}

export type RepairPlanStatus = 'planning' | 'planned' | 'failed' | 'applying' | 'applied' | 'incomplete';

/** What became of one entry when the plan was applied. */
export interface RepairResult {
  readonly status: 'corrected' | 'already-corrected' | 'changed' | 'refused' | 'rejected' | 'failed' | 'reused' | 'pending';
  readonly version?: number;
  readonly planVersion?: number;
  readonly code?: string;
  readonly message?: string;
  readonly reason?: string;
}

export interface RepairPlanEntry {
  readonly aggregateId: string;
  readonly version: number;
  readonly commandId: string;
  readonly correction: { readonly type: string; readonly data: Readonly<Record<string, unknown>> };
  readonly holds: Readonly<Record<string, unknown>>;
  readonly money?: { readonly currency: string; readonly cents: number };
  readonly note: string;
  readonly result?: RepairResult;
}

export interface RepairPlanSummary {
  readonly planId: string;
  readonly repair: string;
  readonly summary: string;
  readonly params: Readonly<Record<string, string>>;
  readonly stream: string;
  readonly topic: string;
  readonly createdAt: string;
  readonly status: RepairPlanStatus;
  readonly progress: { readonly done: number; readonly total: number };
  readonly error?: string;
  readonly read: { readonly records: number; readonly aggregates: number };
  readonly totals: {
    readonly corrections: number;
    readonly left: number;
    readonly unreadable: number;
    readonly money: readonly { readonly currency: string; readonly refundCents: number; readonly chargeCents: number }[];
  };
  readonly application?: { readonly startedAt: string; readonly finishedAt?: string; readonly counts: Readonly<Record<string, number>> };
}

/** `GET /repairs/plans/:id`. */
export interface RepairPlanDetail extends RepairPlanSummary {
  readonly entries: readonly RepairPlanEntry[];
  readonly left: readonly { readonly aggregateId: string; readonly version: number; readonly reason: string; readonly holds: Readonly<Record<string, unknown>> }[];
  readonly unreadable: readonly { readonly aggregateId: string; readonly reason: string }[];
}
