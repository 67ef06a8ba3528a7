import { filtersFrom, type OrderFilters } from '../orders/order-filters';

/**
 * The explorer's pages, addressed by the URL's hash (`#/orders/<id>?version=2`): the query API
 * serves one static index.html, and a hash never reaches the server, so every page can be reloaded
 * or linked to.
 */
export type Route =
  | { readonly page: 'orders'; readonly filters: OrderFilters }
  | { readonly page: 'order'; readonly orderId: string; readonly version?: number }
  | { readonly page: 'projections' }
  | { readonly page: 'dead-letters'; readonly consumer: string }
  | { readonly page: 'repairs' }
  | { readonly page: 'repair-plan'; readonly planId: string };

/** Pure: the route a hash names; anything unknown is the orders list. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments[0] === 'orders' && segments[1] !== undefined) {
    const version = Number(params.get('version'));
    return { page: 'order', orderId: decodeURIComponent(segments[1]), ...(Number.isInteger(version) && version > 0 ? { version } : {}) };
  }
  if (segments[0] === 'projections') return { page: 'projections' };
  if (segments[0] === 'dead-letters') return { page: 'dead-letters', consumer: params.get('consumer') ?? '' };
  if (segments[0] === 'repairs') return segments[1] === undefined ? { page: 'repairs' } : { page: 'repair-plan', planId: decodeURIComponent(segments[1]) };
  return { page: 'orders', filters: filtersFrom(params) };
}

/** Pure: the hash of a route, the inverse of `parseRoute`. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case 'orders':
      return withQuery('#/orders', { customerId: route.filters.customerId, status: route.filters.status });
    case 'order':
      return withQuery(`#/orders/${encodeURIComponent(route.orderId)}`, { version: route.version === undefined ? '' : String(route.version) });
    case 'projections':
      return '#/projections';
    case 'dead-letters':
      return withQuery('#/dead-letters', { consumer: route.consumer });
    case 'repairs':
      return '#/repairs';
    case 'repair-plan':
      return `#/repairs/${encodeURIComponent(route.planId)}`;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

function withQuery(path: string, params: Readonly<Record<string, string>>): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== '')).toString();
  return query === '' ? path : `${path}?${query}`;
}
