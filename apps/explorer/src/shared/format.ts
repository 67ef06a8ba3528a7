import type { ShipmentSummary } from '../api/query-api.types';

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
export function shipmentDetails(shipment: ShipmentSummary): string {
  const parts = [shipment.carrier, shipment.trackingNumber, shipment.failureReason, shipment.cancellationReason];
  if (shipment.recalled === true) parts.push('recalled: the parcel comes back');
  return parts.filter((part) => part !== undefined).join(' · ');
}
