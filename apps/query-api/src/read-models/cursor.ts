/**
 * Keyset pagination: a page starts after the last `_id` of the one before. The cursor is that id,
 * base64url-encoded so that clients treat it as opaque rather than build one by hand.
 */
export const encodeCursor = (lastId: string): string => Buffer.from(lastId, 'utf8').toString('base64url');

/** What a cursor looks like (the OpenAPI document shows it); not every string of this shape is one. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The `_id` a cursor stands for; undefined for anything this API did not hand out. */
export function decodeCursor(cursor: string): string | undefined {
  if (!CURSOR_PATTERN.test(cursor)) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  // Node decodes leniently (stray trailing bits, invalid UTF-8): only a cursor that encodes back to itself is one we made
  return encodeCursor(id) === cursor ? id : undefined;
}
