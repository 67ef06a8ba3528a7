import {
  orderTotalCents,
  type Address,
  type Currency,
  type OrderCancellationReason,
  type OrderCommand as OrderCommandEnvelope,
  type OrderEvent as OrderEventEnvelope,
  type OrderLine,
  type RepricedLine,
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
  /** The latest repricing (a correction of the lines' prices), once there has been one. */
  readonly repricing?: Repricing;
}

/**
 * A repricing and where its settlement stands. One at a time: a second waits until the payment has
 * settled the first, so that a reversal always restores what the payment holds.
 */
export interface Repricing {
  /** Counted from 1: the payment's answers name the repricing they settle by it. */
  readonly number: number;
  /**
   * `pending`: the payment has not settled the difference yet; `settled`: it has (or the total did
   * not change); `reverted`: the card declined the additional charge and the lines went back.
   */
  readonly status: 'pending' | 'settled' | 'reverted';
  /** The lines it changed, each with its price before and after: what a reversal restores. */
  readonly lines: readonly RepricedLine[];
  readonly previousTotalCents: number;
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
  | 'shipment_mismatch'
  | 'correction_changes_nothing'
  | 'order_line_not_found'
  | 'order_line_repeated'
  | 'repricing_pending'
  | 'repricing_not_found'
  | 'repricing_settled';

type CommandOfType<T extends OrderDomainCommand['type']> = Extract<OrderDomainCommand, { type: T }>;
type OrderDecision = Decision<OrderDomainEvent>;

const refused = (code: OrderRefusalCode, message: string): Refusal => refuse(code, message);

const notFound = (command: OrderDomainCommand): Refusal => refused('order_not_found', `there is no order ${command.aggregateId}`);

const alreadyCancelled = (command: OrderDomainCommand): Refusal =>
  refused('order_already_cancelled', `order ${command.aggregateId} has been cancelled`);

const totalTooLarge = (command: OrderDomainCommand): Refusal =>
  refused('total_too_large', `the total of order ${command.aggregateId} exceeds the largest exact amount (${Number.MAX_SAFE_INTEGER} minor units)`);

function placeOrder(command: CommandOfType<'PlaceOrder'>, state: OrderState): OrderDecision {
  if (state.status !== 'none') return refused('order_already_exists', `order ${command.aggregateId} already exists`);
  const { customerId, currency, lines, shippingAddress, paymentToken } = command.data;
  const totalCents = orderTotalCents(lines);
  if (totalCents === undefined) return totalTooLarge(command);
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

// Corrections (docs/corrections.md). The command names the event it corrects: the decider cannot
// check that id (it folds facts, not their envelopes), so the operator's tools read it from the log.

const sameAddress = (a: Address, b: Address) =>
  a.name === b.name && a.line1 === b.line1 && a.city === b.city && a.postalCode === b.postalCode && a.country === b.country;

function correctShippingAddress(command: CommandOfType<'CorrectShippingAddress'>, state: OrderState): OrderDecision {
  const { corrects, reason, address } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'placed':
    case 'confirmed':
      if (sameAddress(state.shippingAddress, address)) {
        return refused('correction_changes_nothing', `order ${command.aggregateId} is already to be shipped to that address`);
      }
      return accept({ type: 'ShippingAddressCorrected', data: { corrects, reason, address, previousAddress: state.shippingAddress } });
    case 'shipped':
    case 'delivered':
      // the parcel has left: a redirect is the carrier's business, not a correction of the order
      return refused('order_already_shipped', `order ${command.aggregateId} has been dispatched; its address can no longer be corrected`);
    case 'cancelled':
      return alreadyCancelled(command);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function repriceOrderLines(command: CommandOfType<'RepriceOrderLines'>, state: OrderState): OrderDecision {
  const { corrects, reason } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'cancelled':
      // its payment was refunded in full, or never taken: there is no difference to settle
      return alreadyCancelled(command);
    case 'placed':
    case 'confirmed':
    case 'shipped':
    case 'delivered':
      break;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
  if (state.repricing?.status === 'pending') {
    return refused('repricing_pending', `order ${command.aggregateId}: repricing ${state.repricing.number} waits for its payment to settle; correct again once it has`);
  }
  const seen = new Set<number>();
  const repriced: RepricedLine[] = [];
  for (const { line, sku, unitPriceCents } of command.data.lines) {
    if (seen.has(line)) return refused('order_line_repeated', `line ${line} is named twice`);
    seen.add(line);
    const current = state.lines[line];
    if (!current || current.sku !== sku) {
      const there = current ? `is ${current.sku}, not ${sku}` : `does not exist (it has ${state.lines.length})`;
      return refused('order_line_not_found', `line ${line} of order ${command.aggregateId} ${there}`);
    }
    if (current.unitPriceCents === unitPriceCents) {
      return refused('correction_changes_nothing', `line ${line} (${sku}) of order ${command.aggregateId} is already priced ${unitPriceCents}`);
    }
    repriced.push({ line, sku, quantity: current.quantity, previousUnitPriceCents: current.unitPriceCents, unitPriceCents });
  }
  const totalCents = orderTotalCents(withPrices(state.lines, repriced));
  if (totalCents === undefined) return totalTooLarge(command);
  repriced.sort((a, b) => a.line - b.line);
  const repricing = (state.repricing?.number ?? 0) + 1;
  return accept({ type: 'OrderRepriced', data: { corrects, reason, repricing, lines: repriced, previousTotalCents: state.totalCents, totalCents } });
}

/** The repricing a saga answer names, if it is the order's latest; a refusal otherwise. */
function repricingNamed(command: OrderDomainCommand, state: OrderState, number: number): Repricing | Refusal {
  if (state.status === 'none') return notFound(command);
  if (state.repricing?.number !== number) {
    return refused('repricing_not_found', `order ${command.aggregateId} has no repricing ${number} to settle (its latest is ${state.repricing?.number ?? 'none'})`);
  }
  return state.repricing;
}

function recordRepricingSettlement(command: CommandOfType<'RecordRepricingSettlement'>, state: OrderState): OrderDecision {
  const { correction, repricing: number, settlement, amountCents } = command.data;
  const repricing = repricingNamed(command, state, number);
  if ('kind' in repricing) return repricing;
  switch (repricing.status) {
    case 'pending':
      return accept({ type: 'OrderRepricingSettled', data: { correction, repricing: number, settlement, amountCents } });
    case 'settled':
      return accept(); // a redelivered answer of the payment
    case 'reverted':
      return refused('repricing_not_found', `repricing ${number} of order ${command.aggregateId} was reverted: its additional charge was declined`);
    default: {
      const unreachable: never = repricing.status;
      return unreachable;
    }
  }
}

function revertOrderRepricing(command: CommandOfType<'RevertOrderRepricing'>, state: OrderState): OrderDecision {
  const { corrects, reason, repricing: number } = command.data;
  const repricing = repricingNamed(command, state, number);
  if ('kind' in repricing) return repricing;
  if (state.status === 'none') return notFound(command); // repricingNamed said so already; this narrows the state
  switch (repricing.status) {
    case 'pending': {
      // back to the prices the payment still holds; each line's "previous" is the price being undone
      const lines = repricing.lines.map((line) => ({ ...line, previousUnitPriceCents: line.unitPriceCents, unitPriceCents: line.previousUnitPriceCents }));
      return accept({ type: 'OrderRepricingReverted', data: { corrects, reason, repricing: number, lines, previousTotalCents: state.totalCents, totalCents: repricing.previousTotalCents } });
    }
    case 'reverted':
      return accept();
    case 'settled':
      return refused('repricing_settled', `repricing ${number} of order ${command.aggregateId} has been settled by its payment`);
    default: {
      const unreachable: never = repricing.status;
      return unreachable;
    }
  }
}

function reverseOrderDelivery(command: CommandOfType<'ReverseOrderDelivery'>, state: OrderState): OrderDecision {
  const { corrects, reason, shipmentId } = command.data;
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
      // shipped: the delivery was reversed already; the order follows its shipment once
      return state.status === 'delivered' ? accept({ type: 'OrderDeliveryReversed', data: { corrects, reason, shipmentId } }) : accept();
    case 'cancelled':
      return alreadyCancelled(command);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** The lines with some of them at new prices. */
function withPrices(lines: readonly OrderLine[], repriced: readonly Pick<RepricedLine, 'line' | 'unitPriceCents'>[]): OrderLine[] {
  const prices = new Map(repriced.map(({ line, unitPriceCents }) => [line, unitPriceCents]));
  return lines.map((line, index) => {
    const price = prices.get(index);
    return price === undefined ? line : { ...line, unitPriceCents: price };
  });
}

/**
 * The order's life: placed → confirmed (paid) → shipped → delivered, or cancelled before it ships,
 * or after it shipped when its shipment fails. Corrections change its address (before it ships), its
 * prices (until it is cancelled) or take back a delivery recorded by mistake (delivered → shipped).
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
      case 'ShippingAddressCorrected':
        return state.status === 'placed' || state.status === 'confirmed' ? { ...state, shippingAddress: event.data.address } : state;
      case 'OrderRepriced': {
        if (state.status === 'none' || state.status === 'cancelled') return state;
        const { repricing: number, lines, previousTotalCents, totalCents } = event.data;
        // a repricing that leaves the total as it was has nothing for the payment to settle
        const status = totalCents === previousTotalCents ? 'settled' : 'pending';
        return { ...state, lines: withPrices(state.lines, lines), totalCents, repricing: { number, status, lines, previousTotalCents } };
      }
      case 'OrderRepricingSettled':
        return state.status !== 'none' && state.repricing?.number === event.data.repricing && state.repricing.status === 'pending'
          ? { ...state, repricing: { ...state.repricing, status: 'settled' } }
          : state;
      case 'OrderRepricingReverted':
        return state.status !== 'none' && state.repricing?.number === event.data.repricing && state.repricing.status === 'pending'
          ? { ...state, lines: withPrices(state.lines, event.data.lines), totalCents: event.data.totalCents, repricing: { ...state.repricing, status: 'reverted' } }
          : state;
      case 'OrderDeliveryReversed':
        return state.status === 'delivered' ? { ...state, status: 'shipped' } : state;
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
      case 'CorrectShippingAddress':
        return correctShippingAddress(command, state);
      case 'RepriceOrderLines':
        return repriceOrderLines(command, state);
      case 'RecordRepricingSettlement':
        return recordRepricingSettlement(command, state);
      case 'RevertOrderRepricing':
        return revertOrderRepricing(command, state);
      case 'ReverseOrderDelivery':
        return reverseOrderDelivery(command, state);
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
