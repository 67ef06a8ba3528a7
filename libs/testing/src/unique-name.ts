import { randomBytes } from 'node:crypto';

/**
 * A name no other suite or run will use — for topics, consumer groups, transactional ids and
 * databases — so integration tests can share one broker and one database server.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
