import type { Role } from '../api/query-api.types';
import type { Route } from '../routing/route';

// Which page a role may open: what the query API lets each role read (docs/security.md). The API
// decides; the explorer only leaves out what would answer 403 anyway.
const PAGE_ROLES: Readonly<Record<Route['page'], readonly Role[]>> = {
  orders: ['customer', 'operator', 'warehouse'],
  order: ['customer', 'operator', 'warehouse'],
  projections: ['operator', 'admin'],
  'dead-letters': ['admin'],
  repairs: ['admin'],
  'repair-plan': ['admin'],
};

/** Pure: whether a caller holding `roles` may open `page`. */
export const mayOpen = (page: Route['page'], roles: readonly Role[]): boolean => PAGE_ROLES[page].some((role) => roles.includes(role));

/** Pure: whether the caller may rebuild and verify projections (the admin's). */
export const mayRebuild = (roles: readonly Role[]): boolean => roles.includes('admin');

/** Pure: whether the caller may read an order's timeline and rewind it (not the warehouse: the timeline holds every event's data). */
export const mayRewind = (roles: readonly Role[]): boolean => roles.includes('customer') || roles.includes('operator');
