/** What a payment token reads as wherever it is shown: the token itself never leaves the write side. */
export const REDACTED = '[redacted]';

/** The fields that hold a payment token: an order's (`paymentToken`) and a payment's (`token`). */
const TOKEN_FIELDS: ReadonlySet<string> = new Set(['paymentToken', 'token']);

/**
 * A copy of a value (an event's data, an aggregate's state, a record) with every payment token in
 * it replaced by REDACTED, however deep. Each read that could show one calls it at its source:
 * the fold that writes a read model, the answer of an aggregate's state, a dead letter's record.
 */
export function redactPaymentTokens<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => redactPaymentTokens(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, TOKEN_FIELDS.has(key) && typeof inner === 'string' ? REDACTED : redactPaymentTokens(inner)]),
  ) as T;
}
