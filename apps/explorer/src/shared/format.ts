import type { Actor, OrderView, ShipmentSummary } from '../api/query-api.types';

/** Pure: minor units as money, `2500, 'EUR'` → `€25.00`; without a currency, the plain amount. */
export function formatMoney(cents: number | undefined, currency: string | undefined): string {
  if (cents === undefined) return '';
  if (currency === undefined) return (cents / 100).toFixed(2);
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
}

/** Pure: an instant as `2026-11-27 10:00:01.204` in UTC, the clock every event carries. */
export function formatInstant(iso: string | undefined): string {
  if (iso === undefined) return '';
  return iso.replace('T', ' ').replace(/Z$/, '');
}

/** Pure: seconds as `1 min 5 s` / `42 s`. */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return whole >= 60 ? `${Math.floor(whole / 60)} min ${whole % 60} s` : `${whole} s`;
}

/**
 * Pure: what to say beside a shipment's status badge: carrier and tracking, why it failed or was
 * cancelled, and that a cancelled parcel which had already left is on its way back.
 */
export function shipmentDetails(shipment: Omit<ShipmentSummary, 'id'>): string {
  const parts = [shipment.carrier, shipment.trackingNumber, shipment.failureReason, shipment.cancellationReason];
  if (shipment.recalled === true) parts.push('recalled: the parcel comes back');
  if (shipment.redirected === true) parts.push('redirected to the corrected address');
  if (shipment.deliveriesReversed !== undefined) parts.push(`${shipment.deliveriesReversed === 1 ? 'a delivery' : `${shipment.deliveriesReversed} deliveries`} reversed as recorded by mistake`);
  return parts.filter((part) => part !== undefined).join(' · ');
}

/** Pure: an address on one line, as a label reads it: `Ada Lovelace, Invalidenstraße 171, 10115 Berlin, DE`. */
export function addressText(address: NonNullable<OrderView['shippingAddress']>): string {
  return `${address.name}, ${address.line1}, ${address.postalCode} ${address.city}, ${address.country}`;
}

/** Pure: how the payment settled a repricing of its order, `€2.00 refunded`. */
export function settlementText(settlement: { kind: string; amountCents: number; declineReason?: string }, currency: string | undefined): string {
  const amount = formatMoney(settlement.amountCents, currency);
  switch (settlement.kind) {
    case 'partial_refund':
      return `${amount} refunded`;
    case 'additional_charge':
      return `${amount} charged`;
    case 'additional_charge_declined':
      return `${amount} more declined (${settlement.declineReason ?? 'declined'}): the prices went back`;
    default:
      return `${settlement.kind} ${amount}`;
  }
}

/** Pure: who caused an event, `cus_1 (customer)` or `payments (reacting)`; events from before identities name nobody. */
export function actorText(actor: Actor | undefined): string {
  if (actor === undefined) return 'not recorded';
  switch (actor.kind) {
    case 'person':
      return `${actor.subject} (${actor.role})`;
    case 'service':
      return actor.trigger === undefined ? actor.service : `${actor.service} (reacting)`;
    default: {
      const unreachable: never = actor;
      return unreachable;
    }
  }
}
