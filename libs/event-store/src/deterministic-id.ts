import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout, SHA-1). The events of a command get ids derived from the
 * command id and their position, so deciding the same command again yields the same event ids.
 */
export function deterministicUuid(name: string): string {
  const bytes = createHash('sha1').update('rewind/').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
