import {
  type Currency,
  type PaymentCommand as PaymentCommandEnvelope,
  type PaymentDeclineReason,
  type PaymentEvent as PaymentEventEnvelope,
} from '@rewind/contracts';
import { accept, refuse, type Decider, type Decision, type DomainCommandOf, type DomainEventOf, type Refusal } from '@rewind/decider';

// distributive: each member of the envelope union keeps its own type and data

/** The payment's facts as the domain sees them; a decoded envelope is one too, so it folds as it is. */
export type PaymentDomainEvent = DomainEventOf<PaymentEventEnvelope>;

/** The payment's intents with the metadata a decision may use; a decoded command envelope is one too. */
export type PaymentDomainCommand = DomainCommandOf<PaymentCommandEnvelope>;

/** What the card gateway said about a charge. */
export type GatewayAnswer = { readonly outcome: 'authorized' } | { readonly outcome: 'declined'; readonly reason: PaymentDeclineReason };

/** A first charge, when the order is placed; an additional one, when a repricing raised its total. */
export type ChargeKind = 'initial' | 'additional';

/**
 * The card gateway, simulated: the answer depends on the token alone, so every path of the saga
 * can be driven from the public API by the token on the order. `tok_visaAdditionalDeclined` is a
 * card that pays for the order and declines anything more (an additional charge after a repricing).
 *
 * A real gateway is a side effect: it would run in the reaction to `OrderPlaced`, before the
 * command is sent, and its answer would come in the command, so that `decide` stays pure and a
 * redelivered command never charges the card again. The simulation needs no I/O, so it is called
 * from `decide` and the commands stay as the contracts define them.
 */
export function simulatedGateway(token: string, charge: ChargeKind = 'initial'): GatewayAnswer {
  if (token === 'tok_visaAdditionalDeclined') return charge === 'initial' ? { outcome: 'authorized' } : { outcome: 'declined', reason: 'card_declined' };
  if (token.startsWith('tok_visa') || token.startsWith('tok_mastercard')) return { outcome: 'authorized' };
  if (token === 'tok_insufficientFunds') return { outcome: 'declined', reason: 'insufficient_funds' };
  // `tok_chargeDeclined`, and any token the gateway does not know
  return { outcome: 'declined', reason: 'card_declined' };
}

/** What a payment is from the moment the gateway answered, whatever happens to it later. */
export interface PaymentDetails {
  readonly orderId: string;
  /** What it holds: the order's total when authorised, then moved by each settled repricing. */
  readonly amountCents: number;
  readonly currency: Currency;
}

export type PaymentState =
  | { readonly status: 'none' }
  | (PaymentDetails & {
      readonly status: 'authorized';
      readonly token: string;
      /** The last repricing of the order settled against this payment (refunded, charged or declined). */
      readonly settledRepricing?: number;
    })
  | (PaymentDetails & { readonly status: 'declined'; readonly reason: PaymentDeclineReason })
  | (PaymentDetails & { readonly status: 'refunded'; readonly token: string; readonly refundReason: string; readonly settledRepricing?: number });

export type PaymentStatus = PaymentState['status'];

/** Every way the payments decider says no; stable, so callers and HTTP mappings may branch on them. */
export type PaymentRefusalCode = 'payment_not_found' | 'payment_already_exists' | 'payment_not_authorized' | 'order_mismatch';

type CommandOfType<T extends PaymentDomainCommand['type']> = Extract<PaymentDomainCommand, { type: T }>;
type PaymentDecision = Decision<PaymentDomainEvent>;

const refused = (code: PaymentRefusalCode, message: string): Refusal => refuse(code, message);

function authorizePayment(command: CommandOfType<'AuthorizePayment'>, state: PaymentState): PaymentDecision {
  const { orderId, amountCents, currency, token } = command.data;
  if (state.status !== 'none') {
    // a redelivered OrderPlaced must not charge the card twice, whatever the first answer was
    if (state.orderId === orderId) return accept();
    return refused('payment_already_exists', `payment ${command.aggregateId} already exists for order ${state.orderId}, not ${orderId}`);
  }
  const answer = simulatedGateway(token);
  switch (answer.outcome) {
    case 'authorized':
      return accept({ type: 'PaymentAuthorized', data: { orderId, amountCents, currency, token } });
    case 'declined':
      return accept({ type: 'PaymentDeclined', data: { orderId, amountCents, currency, reason: answer.reason } });
    default: {
      const unreachable: never = answer;
      return unreachable;
    }
  }
}

function refundPayment(command: CommandOfType<'RefundPayment'>, state: PaymentState): PaymentDecision {
  const { orderId, reason } = command.data;
  if (state.status === 'none') return refused('payment_not_found', `there is no payment ${command.aggregateId}`);
  // money only goes back to the order it came from
  if (state.orderId !== orderId) {
    return refused('order_mismatch', `payment ${command.aggregateId} belongs to order ${state.orderId}, not ${orderId}`);
  }
  switch (state.status) {
    case 'authorized':
      return accept({ type: 'PaymentRefunded', data: { orderId, amountCents: state.amountCents, currency: state.currency, reason } });
    case 'refunded':
      // refunded at most once: a repeated saga trigger gives nothing back twice
      return accept();
    case 'declined':
      return refused('payment_not_authorized', `payment ${command.aggregateId} was declined (${state.reason}): there is nothing to refund`);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/**
 * A repricing of the order (docs/corrections.md): the payment comes to hold the order's new total.
 * Less → the difference goes back (a partial refund); more → the card is charged the difference,
 * and may decline it (the order then goes back to its prices). A payment that holds nothing any
 * more (declined, or refunded with its cancelled order) has nothing to settle.
 */
function settleRepricing(command: CommandOfType<'SettleRepricing'>, state: PaymentState): PaymentDecision {
  const { orderId, repricing, totalCents, correction, reason } = command.data;
  if (state.status === 'none') return refused('payment_not_found', `there is no payment ${command.aggregateId}`);
  if (state.orderId !== orderId) {
    return refused('order_mismatch', `payment ${command.aggregateId} belongs to order ${state.orderId}, not ${orderId}`);
  }
  switch (state.status) {
    case 'declined':
    case 'refunded':
      return accept();
    case 'authorized':
      break;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
  // the order reprices once at a time, in order: an older number is a redelivered trigger
  if (state.settledRepricing !== undefined && repricing <= state.settledRepricing) return accept();
  const { currency } = state;
  const difference = totalCents - state.amountCents;
  if (difference < 0) {
    return accept({ type: 'PaymentPartiallyRefunded', data: { correction, orderId, repricing, amountCents: -difference, totalCents, currency, reason } });
  }
  if (difference === 0) return accept();
  const answer = simulatedGateway(state.token, 'additional');
  switch (answer.outcome) {
    case 'authorized':
      return accept({ type: 'AdditionalChargeAuthorized', data: { correction, orderId, repricing, amountCents: difference, totalCents, currency } });
    case 'declined':
      return accept({
        type: 'AdditionalChargeDeclined',
        data: { correction, orderId, repricing, amountCents: difference, totalCents: state.amountCents, currency, reason: answer.reason },
      });
    default: {
      const unreachable: never = answer;
      return unreachable;
    }
  }
}

/**
 * A payment's life: authorised or declined by the gateway when the order is placed; an
 * authorised payment follows the order's repricings (partial refunds, additional charges) and may
 * be refunded, what it then holds, once.
 *
 * `evolve` takes the facts as they were decided: an event that does not follow from the state
 * (which only a damaged log could hold) leaves the state as it was rather than inventing one.
 */
export const paymentDecider: Decider<PaymentDomainCommand, PaymentDomainEvent, PaymentState> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    switch (event.type) {
      case 'PaymentAuthorized': {
        if (state.status !== 'none') return state;
        const { orderId, amountCents, currency, token } = event.data;
        return { status: 'authorized', orderId, amountCents, currency, token };
      }
      case 'PaymentDeclined': {
        if (state.status !== 'none') return state;
        const { orderId, amountCents, currency, reason } = event.data;
        return { status: 'declined', orderId, amountCents, currency, reason };
      }
      case 'PaymentRefunded':
        return state.status === 'authorized' ? { ...state, status: 'refunded', refundReason: event.data.reason } : state;
      case 'PaymentPartiallyRefunded':
      case 'AdditionalChargeAuthorized':
        return state.status === 'authorized' ? { ...state, amountCents: event.data.totalCents, settledRepricing: event.data.repricing } : state;
      case 'AdditionalChargeDeclined':
        return state.status === 'authorized' ? { ...state, settledRepricing: event.data.repricing } : state;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'AuthorizePayment':
        return authorizePayment(command, state);
      case 'RefundPayment':
        return refundPayment(command, state);
      case 'SettleRepricing':
        return settleRepricing(command, state);
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
