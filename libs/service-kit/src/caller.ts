import type { Actor, Role } from '@rewind/contracts';

/** Who is calling, once AccessGuard has let the request through: its subject, and the role it was let in under. */
export interface Caller {
  readonly subject: string;
  /** The first of the route's roles that the caller holds: what the rules of the route go by, and what its events record. */
  readonly role: Role;
  readonly roles: readonly Role[];
}

/** The actor of the commands a caller issues: what its events record as who caused them. */
export const actorOf = (caller: Caller): Actor => ({ kind: 'person', subject: caller.subject, role: caller.role });
