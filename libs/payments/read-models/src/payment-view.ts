import type { PaymentEvent } from '@rewind/contracts';

/** One payment as readers see it (its id is its order's id). */
export interface PaymentView {
  readonly paymentId: string;
  readonly orderId: string;
  readonly status: 'authorized' | 'declined' | 'refunded';
  readonly amountCents: number;
  readonly currency: string;
  readonly declineReason?: string;
  readonly refundReason?: string;
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
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
