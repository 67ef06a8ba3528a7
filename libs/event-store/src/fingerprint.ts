import { createHash } from 'node:crypto';

/** The parts of a command envelope that make it the request it is. */
export interface FingerprintedParts {
  readonly type?: unknown;
  readonly aggregateId?: unknown;
  readonly data?: unknown;
  readonly expectedVersion?: unknown;
}

/**
 * What a command asks for, as a hash: its type, aggregate, data and expected version. Not its
 * `issuedAt`, which the HTTP layer stamps anew on every retry of one request, nor its correlation
 * and causation ids, which derive from the command id. A command id sent again with another
 * fingerprint is another request under a used Idempotency-Key.
 */
export function commandFingerprint(command: FingerprintedParts): string {
  const parts = { type: command.type ?? null, aggregateId: command.aggregateId ?? null, data: command.data ?? null, expectedVersion: command.expectedVersion ?? null };
  return createHash('sha256').update(canonicalJson(parts)).digest('base64url');
}

/** JSON with the keys of every object sorted, so that equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
