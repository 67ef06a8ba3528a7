import type { PaymentEvent } from '@rewind/contracts';

/** How a repricing of the order was settled against the payment (docs/corrections.md). */
export interface PaymentSettlement {
  readonly repricing: number;
  readonly kind: 'partial_refund' | 'additional_charge' | 'additional_charge_declined';
  /** What moved (or, declined, what the card refused). */
  readonly amountCents: number;
  /** The `OrderRepriced` it settles. */
  readonly correction: string;
  readonly declineReason?: string;
  readonly occurredAt: string;
}

/** One payment as readers see it (its id is its order's id). */
export interface PaymentView {
  readonly paymentId: string;
  readonly orderId: string;
  readonly status: 'authorized' | 'declined' | 'refunded';
  /** What it holds (or, refunded, what went back): moved by each settled repricing. */
  readonly amountCents: number;
  readonly currency: string;
  readonly declineReason?: string;
  readonly refundReason?: string;
  /** The repricings of its order settled against it, oldest first; absent until there is one. */
  readonly settlements?: readonly PaymentSettlement[];
  readonly version: number;
  readonly updatedAt: string;
}

/** Pure: the view after one more event of the payment's own stream. */
export function evolvePaymentView(current: PaymentView | undefined, event: PaymentEvent): PaymentView {
  const common = {
    paymentId: event.aggregateId,
    orderId: event.data.orderId,
    amountCents: event.data.amountCents,
    currency: event.data.currency,
    version: event.aggregateVersion,
    updatedAt: event.occurredAt,
  };
  switch (event.type) {
    case 'PaymentAuthorized':
      return { ...common, status: 'authorized' };
    case 'PaymentDeclined':
      return { ...common, status: 'declined', declineReason: event.data.reason };
    case 'PaymentRefunded':
      return { ...current, ...common, status: 'refunded', refundReason: event.data.reason };
    case 'PaymentPartiallyRefunded':
      return settled(current, event, common, { kind: 'partial_refund' });
    case 'AdditionalChargeAuthorized':
      return settled(current, event, common, { kind: 'additional_charge' });
    case 'AdditionalChargeDeclined':
      return settled(current, event, common, { kind: 'additional_charge_declined', declineReason: event.data.reason });
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

type SettlementEvent = Extract<PaymentEvent, { type: 'PaymentPartiallyRefunded' | 'AdditionalChargeAuthorized' | 'AdditionalChargeDeclined' }>;

/** A settlement leaves the payment authorised, holding its new total. */
function settled(
  current: PaymentView | undefined,
  event: SettlementEvent,
  common: Omit<PaymentView, 'status'>,
  how: Pick<PaymentSettlement, 'kind' | 'declineReason'>,
): PaymentView {
  const { repricing, amountCents, correction, totalCents } = event.data;
  const settlement: PaymentSettlement = { repricing, amountCents, correction, ...how, occurredAt: event.occurredAt };
  return { ...current, ...common, status: current?.status ?? 'authorized', amountCents: totalCents, settlements: [...(current?.settlements ?? []), settlement] };
}
