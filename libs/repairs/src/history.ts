import type { OrderEvent, ShipmentEvent } from '@rewind/contracts';

// Which event of a history set a fact as it stands now: what a correction of that fact names as the
// event it corrects. The deciders cannot tell (they fold facts, not envelopes); the log can.

/** The event that set the order's shipping address as it is now: its OrderPlaced, or its latest ShippingAddressCorrected. */
export function addressSetBy(history: readonly OrderEvent[]): OrderEvent | undefined {
  return lastOf(history, (event) => event.type === 'ShippingAddressCorrected' || event.type === 'OrderPlaced');
}

/**
 * The event that set the current unit price of some lines: the latest repricing (or reversal of
 * one) that changed any of them, else the OrderPlaced.
 */
export function pricesSetBy(history: readonly OrderEvent[], lines: readonly number[]): OrderEvent | undefined {
  return lastOf(
    history,
    (event) =>
      event.type === 'OrderPlaced' ||
      ((event.type === 'OrderRepriced' || event.type === 'OrderRepricingReverted') && event.data.lines.some((changed) => lines.includes(changed.line))),
  );
}

/** The shipment's delivery as it stands: its latest ShipmentDelivered, unless that was reversed since. */
export function deliveryOf(history: readonly ShipmentEvent[]): ShipmentEvent | undefined {
  const last = lastOf(history, (event) => event.type === 'ShipmentDelivered' || event.type === 'ShipmentDeliveryReversed');
  return last?.type === 'ShipmentDelivered' ? last : undefined;
}

function lastOf<E>(events: readonly E[], matches: (event: E) => boolean): E | undefined {
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index];
    if (event !== undefined && matches(event)) return event;
  }
  return undefined;
}
