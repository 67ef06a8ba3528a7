import { type Address, type ShipmentCommand as ShipmentCommandEnvelope, type ShipmentEvent as ShipmentEventEnvelope } from '@rewind/contracts';
import { accept, refuse, type Decider, type Decision, type DomainCommandOf, type DomainEventOf, type Refusal } from '@rewind/decider';

// distributive: each member of the envelope union keeps its own type and data

/** The shipment's facts as the domain sees them; a decoded envelope is one too, so it folds as it is. */
export type ShipmentDomainEvent = DomainEventOf<ShipmentEventEnvelope>;

/** The shipment's intents with the metadata a decision may use; a decoded command envelope is one too. */
export type ShipmentDomainCommand = DomainCommandOf<ShipmentCommandEnvelope>;

/** What a shipment is from the moment it is scheduled, whatever happens to it later. */
export interface ShipmentDetails {
  readonly orderId: string;
  readonly address: Address;
}

/** Who carries the parcel, and the number to follow it by. */
export interface ShipmentTracking {
  readonly carrier: string;
  readonly trackingNumber: string;
}

export type ShipmentState =
  | { readonly status: 'none' }
  | (ShipmentDetails & { readonly status: 'scheduled' })
  | (ShipmentDetails & ShipmentTracking & { readonly status: 'dispatched' })
  | (ShipmentDetails & ShipmentTracking & { readonly status: 'delivered' })
  | (ShipmentDetails &
      Partial<ShipmentTracking> & {
        // carrier and trackingNumber are there when it failed after dispatch
        readonly status: 'failed';
        readonly reason: string;
      })
  | (Partial<ShipmentTracking> & {
      // its order was cancelled; carrier and trackingNumber are there when the parcel had left
      readonly status: 'cancelled';
      readonly orderId: string;
      /** Absent when the cancellation arrived before the shipment was scheduled. */
      readonly address?: Address;
      readonly reason: string;
      /** The parcel had left with the carrier (dispatched or delivered) and is called back. */
      readonly recalled: boolean;
    });

export type ShipmentStatus = ShipmentState['status'];

/** Every way the shipping decider says no; stable, so callers and HTTP mappings may branch on them. */
export type ShipmentRefusalCode =
  | 'shipment_not_found'
  | 'shipment_already_exists'
  | 'shipment_already_dispatched'
  | 'shipment_not_dispatched'
  | 'shipment_closed'
  | 'shipment_cancelled'
  | 'shipment_not_delivered'
  | 'order_mismatch';

type CommandOfType<T extends ShipmentDomainCommand['type']> = Extract<ShipmentDomainCommand, { type: T }>;
type ShipmentDecision = Decision<ShipmentDomainEvent>;

const refused = (code: ShipmentRefusalCode, message: string): Refusal => refuse(code, message);

const notFound = (command: ShipmentDomainCommand): Refusal => refused('shipment_not_found', `there is no shipment ${command.aggregateId}`);

const closed = (command: ShipmentDomainCommand, status: 'delivered' | 'failed'): Refusal =>
  refused('shipment_closed', `shipment ${command.aggregateId} has ${status === 'delivered' ? 'been delivered' : 'failed'}`);

const cancelled = (command: ShipmentDomainCommand, state: Extract<ShipmentState, { status: 'cancelled' }>): Refusal =>
  refused('shipment_cancelled', `shipment ${command.aggregateId} was cancelled with its order ${state.orderId} (${state.reason})`);

function scheduleShipment(command: CommandOfType<'ScheduleShipment'>, state: ShipmentState): ShipmentDecision {
  const { orderId, address } = command.data;
  if (state.status === 'none') return accept({ type: 'ShipmentScheduled', data: { orderId, address } });
  // a redelivered OrderConfirmed schedules nothing new, however far the shipment has gone; nor does
  // one that comes after its order's cancellation: the order is not to be shipped
  if (state.orderId === orderId) return accept();
  return refused('shipment_already_exists', `shipment ${command.aggregateId} already exists for order ${state.orderId}, not ${orderId}`);
}

function dispatchShipment(command: CommandOfType<'DispatchShipment'>, state: ShipmentState): ShipmentDecision {
  const { carrier, trackingNumber } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'scheduled':
      return accept({ type: 'ShipmentDispatched', data: { orderId: state.orderId, carrier, trackingNumber } });
    case 'dispatched':
      if (state.carrier === carrier && state.trackingNumber === trackingNumber) return accept();
      return refused(
        'shipment_already_dispatched',
        `shipment ${command.aggregateId} went out with ${state.carrier} as ${state.trackingNumber}, not with ${carrier} as ${trackingNumber}`,
      );
    case 'delivered':
    case 'failed':
      return closed(command, state.status);
    case 'cancelled':
      return cancelled(command, state);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function deliverShipment(command: CommandOfType<'DeliverShipment'>, state: ShipmentState): ShipmentDecision {
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'scheduled':
      return refused('shipment_not_dispatched', `shipment ${command.aggregateId} has not been dispatched`);
    case 'dispatched':
      return accept({ type: 'ShipmentDelivered', data: { orderId: state.orderId } });
    case 'delivered':
      return accept();
    case 'failed':
      return closed(command, state.status);
    case 'cancelled':
      return cancelled(command, state);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function failShipment(command: CommandOfType<'FailShipment'>, state: ShipmentState): ShipmentDecision {
  const { reason } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'scheduled':
    case 'dispatched':
      return accept({ type: 'ShipmentFailed', data: { orderId: state.orderId, reason } });
    case 'failed':
      // the same report again changes nothing; another one cannot be recorded on a closed shipment
      if (state.reason === reason) return accept();
      return refused('shipment_closed', `shipment ${command.aggregateId} has already failed (${state.reason})`);
    case 'delivered':
      return closed(command, state.status);
    case 'cancelled':
      return cancelled(command, state);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/**
 * The shipment follows its order's cancellation, wherever it has got to: the order's log decides
 * whether an order is cancelled or shipped (docs/services.md, "A cancel and a dispatch"), and a
 * shipment never contradicts it. Accepted in every state, so that no interleaving of the two logs
 * leaves a cancelled, refunded order with a parcel on its way.
 */
function cancelShipment(command: CommandOfType<'CancelShipment'>, state: ShipmentState): ShipmentDecision {
  const { orderId, reason } = command.data;
  if (state.status !== 'none' && state.orderId !== orderId) {
    return refused('order_mismatch', `shipment ${command.aggregateId} belongs to order ${state.orderId}, not ${orderId}`);
  }
  switch (state.status) {
    // none: the cancellation overtook the confirmation; recorded, so that a later ScheduleShipment schedules nothing
    case 'none':
    case 'scheduled':
      return accept({ type: 'ShipmentCancelled', data: { orderId, reason, recalled: false } });
    case 'dispatched':
    case 'delivered':
      // the parcel left before the shipment heard of the cancel; the order refused to be marked shipped
      return accept({ type: 'ShipmentCancelled', data: { orderId, reason, recalled: true } });
    case 'failed':
      // a failed shipment has already refunded and cancelled its order: nothing is left to cancel
      return accept();
    case 'cancelled':
      if (state.reason === reason) return accept();
      return cancelled(command, state);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

const sameAddress = (a: Address, b: Address) =>
  a.name === b.name && a.line1 === b.line1 && a.city === b.city && a.postalCode === b.postalCode && a.country === b.country;

/**
 * The shipment takes its order's corrected address. The order decides whether its address may be
 * corrected (not once it knows the parcel left); the shipment follows, as it follows a cancel: if
 * the parcel left before it heard, it records the redirect for the carrier rather than contradict
 * the order's log.
 */
function correctShipmentAddress(command: CommandOfType<'CorrectShipmentAddress'>, state: ShipmentState): ShipmentDecision {
  const { correction, orderId, address, reason } = command.data;
  if (state.status !== 'none' && state.orderId !== orderId) {
    return refused('order_mismatch', `shipment ${command.aggregateId} belongs to order ${state.orderId}, not ${orderId}`);
  }
  switch (state.status) {
    case 'none':
      // corrected before its order was paid for: the schedule will carry the corrected address
      return accept();
    case 'scheduled':
    case 'dispatched':
      if (sameAddress(state.address, address)) return accept();
      return accept({
        type: 'ShipmentAddressCorrected',
        data: { correction, orderId, address, previousAddress: state.address, reason, redirected: state.status === 'dispatched' },
      });
    case 'delivered':
    case 'failed':
    case 'cancelled':
      // nothing is on its way any more to take the address to
      return accept();
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** A delivery recorded by mistake (the wrong parcel scanned): the shipment is dispatched again, and its order follows. */
function reverseShipmentDelivery(command: CommandOfType<'ReverseShipmentDelivery'>, state: ShipmentState): ShipmentDecision {
  const { corrects, reason } = command.data;
  switch (state.status) {
    case 'none':
      return notFound(command);
    case 'scheduled':
    case 'dispatched':
      return refused('shipment_not_delivered', `shipment ${command.aggregateId} has no delivery to reverse`);
    case 'delivered':
      return accept({ type: 'ShipmentDeliveryReversed', data: { corrects, reason, orderId: state.orderId } });
    case 'failed':
      return closed(command, state.status);
    case 'cancelled':
      return cancelled(command, state);
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/**
 * A shipment's life: scheduled when its order is paid for → dispatched → delivered; it may fail
 * before delivery, which sends the order back through refund and cancellation; and it is cancelled
 * (recalled, if the parcel had left) whenever its order is cancelled. Corrections: it takes its
 * order's corrected address, and a delivery recorded by mistake is reversed (back to dispatched).
 *
 * `evolve` takes the facts as they were decided: an event that does not follow from the state
 * (which only a damaged log could hold) leaves the state as it was rather than inventing one.
 */
export const shipmentDecider: Decider<ShipmentDomainCommand, ShipmentDomainEvent, ShipmentState> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    switch (event.type) {
      case 'ShipmentScheduled':
        return state.status === 'none' ? { status: 'scheduled', orderId: event.data.orderId, address: event.data.address } : state;
      case 'ShipmentDispatched': {
        if (state.status !== 'scheduled') return state;
        const { carrier, trackingNumber } = event.data;
        return { ...state, status: 'dispatched', carrier, trackingNumber };
      }
      case 'ShipmentDelivered':
        return state.status === 'dispatched' ? { ...state, status: 'delivered' } : state;
      case 'ShipmentFailed':
        return state.status === 'scheduled' || state.status === 'dispatched' ? { ...state, status: 'failed', reason: event.data.reason } : state;
      case 'ShipmentCancelled': {
        const { orderId, reason, recalled } = event.data;
        if (state.status === 'none') return { status: 'cancelled', orderId, reason, recalled };
        if (state.status === 'failed' || state.status === 'cancelled') return state;
        return { ...state, status: 'cancelled', reason, recalled };
      }
      case 'ShipmentAddressCorrected':
        return state.status === 'scheduled' || state.status === 'dispatched' ? { ...state, address: event.data.address } : state;
      case 'ShipmentDeliveryReversed':
        return state.status === 'delivered' ? { ...state, status: 'dispatched' } : state;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'ScheduleShipment':
        return scheduleShipment(command, state);
      case 'DispatchShipment':
        return dispatchShipment(command, state);
      case 'DeliverShipment':
        return deliverShipment(command, state);
      case 'FailShipment':
        return failShipment(command, state);
      case 'CancelShipment':
        return cancelShipment(command, state);
      case 'CorrectShipmentAddress':
        return correctShipmentAddress(command, state);
      case 'ReverseShipmentDelivery':
        return reverseShipmentDelivery(command, state);
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
};
