import {
  orderTotalCents,
  type Address,
  type Currency,
  type OrderCancellationReason,
  type OrderCommand as OrderCommandEnvelope,
  type OrderEvent as OrderEventEnvelope,
  type OrderLine,
} from '@rewind/contracts';
import { accept, refuse, type Decider, type Decision, type DomainCommandOf, type DomainEventOf, type Refusal } from '@rewind/decider';

// distributive: each member of the envelope union keeps its own type and data

/** The order's facts as the domain sees them; a decoded envelope is one too, so it folds as it is. */
export type OrderDomainEvent = DomainEventOf<OrderEventEnvelope>;

/** The order's intents with the metadata a decision may use; a decoded command envelope is one too. */
export type OrderDomainCommand = DomainCommandOf<OrderCommandEnvelope>;

/** What an order is from the moment it is placed, whatever happens to it later. */
export interface OrderDetails {
  readonly customerId: string;
  readonly currency: Currency;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  readonly shippingAddress: Address;
  readonly paymentToken: string;
}

export type OrderState =
  | { readonly status: 'none' }
  | (OrderDetails & { readonly status: 'placed' })
  | (OrderDetails & { readonly status: 'confirmed'; readonly paymentId: string })
  | (OrderDetails & { readonly status: 'shipped'; readonly paymentId: string; readonly shipmentId: string })
  | (OrderDetails & { readonly status: 'delivered'; readonly paymentId: string; readonly shipmentId: string })
  | (OrderDetails & {
      readonly status: 'cancelled';
      /** Present when the order was confirmed before it was cancelled. */
      readonly paymentId?: string;
      /** Present when the order was shipped before it was cancelled: its shipment failed. */
      readonly shipmentId?: string;
      readonly reason: OrderCancellationReason;
      readonly refunded: boolean;
    });

export type OrderStatus = OrderState['status'];

/** Every way the orders decider says no; stable, so callers and HTTP mappings may branch on them. */
export type OrderRefusalCode =
  | 'order_not_found'
  | 'order_already_exists'
  | 'total_too_large'
  | 'order_not_placed'
  | 'order_not_confirmed'
  | 'order_not_shipped'
  | 'order_already_shipped'
  | 'order_already_cancelled'
  | 'shipment_mismatch';

type CommandOfType<T extends OrderDomainCommand['type']> = Extract<OrderDomainCommand, { type: T }>;
type OrderDecision = Decision<OrderDomainEvent>;

const refused = (code: OrderRefusalCode, message: string): Refusal => refuse(code, message);

const notFound = (command: OrderDomainCommand): Refusal => refused('order_not_found', `there is no order ${command.aggregateId}`);

const alreadyCancelled = (command: OrderDomainCommand): Refusal =>
  refused('order_already_cancelled', `order ${command.aggregateId} has been cancelled`);

function placeOrder(command: CommandOfType<'PlaceOrder'>, state: OrderState): OrderDecision {
  if (state.status !== 'none') return refused('order_already_exists', `order ${command.aggregateId} already exists`);
  const { customerId, currency, lines, shippingAddress, paymentToken } = command.data;
  const totalCents = orderTotalCents(lines);
  if (totalCents === undefined) {
    return refused(
      'total_too_large',
      `the total of order ${command.aggregateId} exceeds the largest exact amount (${Number.MAX_SAFE_INTEGER} minor units)`,
    );
  }
  return accept({ type: 'OrderPlaced', data: { customerId, currency, lines, shippingAddress, paymentToken, totalCents } });
}

function confirmOrder(command: CommandOfType<'ConfirmOrder'>, state: OrderState): OrderDecision {
  const { paymentId } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'placed':
      return accept({ type: 'OrderConfirmed', data: { paymentId, shippingAddress: state.shippingAddress } });
    case 'confirmed':
    case 'shipped':
    case 'delivered':
      // a redelivered authorisation confirms nothing new; refusing it would look like a reason to refund
      if (state.paymentId === paymentId) return accept();
      return refused('order_not_placed', `order ${command.aggregateId} was already confirmed by payment ${state.paymentId}`);
    case 'cancelled':
      if (state.paymentId === paymentId) return accept();
      return alreadyCancelled(command);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function cancelOrder(command: CommandOfType<'CancelOrder'>, state: OrderState): OrderDecision {
  const { reason } = command.data;
  // whether money goes back is the payment saga's decision, reported by its own events
  const cancelled = (): OrderDecision => accept({ type: 'OrderCancelled', data: { reason, refunded: false } });
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'placed':
    case 'confirmed':
      return cancelled();
    case 'shipped':
      // a shipment can fail after dispatch: the saga refunds the payment, then cancels the order
      if (reason === 'shipment_failed') return cancelled();
      return refused('order_already_shipped', `order ${command.aggregateId} has been shipped and can no longer be cancelled unless its shipment fails`);
    case 'delivered':
      return refused('order_already_shipped', `order ${command.aggregateId} has been delivered and can no longer be cancelled`);
    case 'cancelled':
      // a redelivered trigger changes nothing; another reason would rewrite why the order ended
      if (state.reason === reason) return accept();
      return alreadyCancelled(command);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function markOrderShipped(command: CommandOfType<'MarkOrderShipped'>, state: OrderState): OrderDecision {
  const { shipmentId } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'placed':
      return refused('order_not_confirmed', `order ${command.aggregateId} has not been paid for yet`);
    case 'confirmed':
      return accept({ type: 'OrderShipped', data: { shipmentId } });
    case 'shipped':
    case 'delivered':
      if (state.shipmentId === shipmentId) return accept();
      return refused('order_already_shipped', `order ${command.aggregateId} went out with shipment ${state.shipmentId}`);
    case 'cancelled':
      return alreadyCancelled(command);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function markOrderDelivered(command: CommandOfType<'MarkOrderDelivered'>, state: OrderState): OrderDecision {
  const { shipmentId } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'placed':
    case 'confirmed':
      return refused('order_not_shipped', `order ${command.aggregateId} has not been shipped`);
    case 'shipped':
    case 'delivered':
      if (state.shipmentId !== shipmentId) {
        return refused('shipment_mismatch', `order ${command.aggregateId} went out with shipment ${state.shipmentId}, not ${shipmentId}`);
      }
      return state.status === 'shipped' ? accept({ type: 'OrderDelivered', data: { shipmentId } }) : accept();
    case 'cancelled':
      return alreadyCancelled(command);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/**
 * The order's life: placed → confirmed (paid) → shipped → delivered, or cancelled before it ships,
 * or after it shipped when its shipment fails.
 *
 * `evolve` takes the facts as they were decided: an event that does not follow from the state
 * (which only a damaged log could hold) leaves the state as it was rather than inventing one.
 */
export const orderDecider: Decider<OrderDomainCommand, OrderDomainEvent, OrderState> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    switch (event.type) {
      case 'OrderPlaced': {
        if (state.status !== 'none') return state;
        const { customerId, currency, lines, shippingAddress, paymentToken, totalCents } = event.data;
        return { status: 'placed', customerId, currency, lines, shippingAddress, paymentToken, totalCents };
      }
      case 'OrderConfirmed':
        return state.status === 'placed' ? { ...state, status: 'confirmed', paymentId: event.data.paymentId } : state;
      case 'OrderCancelled':
        return state.status === 'placed' || state.status === 'confirmed' || state.status === 'shipped'
          ? { ...state, status: 'cancelled', reason: event.data.reason, refunded: event.data.refunded }
          : state;
      case 'OrderShipped':
        return state.status === 'confirmed' ? { ...state, status: 'shipped', shipmentId: event.data.shipmentId } : state;
      case 'OrderDelivered':
        return state.status === 'shipped' ? { ...state, status: 'delivered' } : state;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'PlaceOrder':
        return placeOrder(command, state);
      case 'ConfirmOrder':
        return confirmOrder(command, state);
      case 'CancelOrder':
        return cancelOrder(command, state);
      case 'MarkOrderShipped':
        return markOrderShipped(command, state);
      case 'MarkOrderDelivered':
        return markOrderDelivered(command, state);
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
