import { ORDER_STATUSES, type OrderStatus } from '../api/query-api.types';

/** What the orders list is narrowed to; empty fields mean "any". */
export interface OrderFilters {
  readonly customerId: string;
  readonly status: OrderStatus | '';
}

export const NO_FILTERS: OrderFilters = { customerId: '', status: '' };
export const ORDERS_PAGE_SIZE = 20;

/** Pure: the query string of `GET /orders` for these filters (the API refuses empty parameters, so they are left out). */
export function ordersQuery(filters: OrderFilters, cursor?: string): string {
  const params = new URLSearchParams();
  if (filters.customerId.trim() !== '') params.set('customerId', filters.customerId.trim());
  if (filters.status !== '') params.set('status', filters.status);
  params.set('limit', String(ORDERS_PAGE_SIZE));
  if (cursor !== undefined) params.set('cursor', cursor);
  return params.toString();
}

/** Pure: filters from a route's parameters; an unknown status is no filter. */
export function filtersFrom(params: URLSearchParams): OrderFilters {
  const status = params.get('status') ?? '';
  return {
    customerId: params.get('customerId') ?? '',
    status: (ORDER_STATUSES as readonly string[]).includes(status) ? (status as OrderStatus) : '',
  };
}
