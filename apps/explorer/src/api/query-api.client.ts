import type { paths } from './query-api.openapi';
import type { Problem } from './query-api.types';
import { ordersQuery, type OrderFilters } from '../orders/order-filters';
import { storedToken } from '../shared/session';

/** What a read answer says of its read model (the `Rewind-*` headers); null where absent. */
export interface Staleness {
  readonly projection: string | null;
  readonly generation: string | null;
  readonly lag: string | null;
}

export interface Answer<T> {
  readonly body: T;
  readonly staleness: Staleness;
}

/** An answer other than 2xx, with the problem the API sent. */
export class ProblemError extends Error {
  // what came back may not be a problem at all (a proxy's 502): only its status is sure
  constructor(readonly problem: Partial<Problem> & Pick<Problem, 'status'>) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

// The explorer is served by the query API (under /explorer/), so the API is this page's origin.
// Every call carries the token of this tab's session: every read of the API needs one.
async function call<T>(path: string, init: RequestInit = {}): Promise<Answer<T>> {
  const token = storedToken();
  const authorization: Record<string, string> = token === '' ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...authorization, ...init.headers } });
  const text = await response.text();
  const body: unknown = text === '' ? {} : JSON.parse(text);
  if (!response.ok) throw new ProblemError({ status: response.status, ...(body as Partial<Problem>) });
  return {
    body: body as T,
    staleness: {
      projection: response.headers.get('rewind-projection'),
      generation: response.headers.get('rewind-generation'),
      lag: response.headers.get('rewind-lag'),
    },
  };
}

const id = (value: string) => encodeURIComponent(value);

type JsonBody<R> = R extends { readonly content: { readonly 'application/json': infer Body } } ? Body : never;

/** The JSON body of an operation's success (its 200 or 202), as the query API's OpenAPI document describes it. */
type Success<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { readonly responses: infer R }
  ? JsonBody<R[Extract<keyof R, 200 | 202>]>
  : never;

export const queryApi = {
  me: () => call<Success<'/me', 'get'>>('/me'),
  orders: (filters: OrderFilters, cursor?: string) => call<Success<'/orders', 'get'>>(`/orders?${ordersQuery(filters, cursor)}`),
  order: (orderId: string) => call<Success<'/orders/{orderId}', 'get'>>(`/orders/${id(orderId)}`),
  timeline: (orderId: string) => call<Success<'/orders/{orderId}/timeline', 'get'>>(`/orders/${id(orderId)}/timeline`),
  state: (orderId: string, version: number) => call<Success<'/orders/{orderId}/state', 'get'>>(`/orders/${id(orderId)}/state?version=${version}`),
  projections: () => call<Success<'/projections', 'get'>>('/projections'),
  rebuild: (name: string) =>
    call<Success<'/projections/{name}/rebuild', 'post'>>(`/projections/${id(name)}/rebuild`, { method: 'POST' }),
  verify: (name: string) =>
    call<Success<'/projections/{name}/verify', 'post'>>(`/projections/${id(name)}/verify`, { method: 'POST' }),
  deadLetters: (consumer: string) =>
    call<Success<'/dead-letters', 'get'>>(`/dead-letters?${new URLSearchParams(consumer === '' ? {} : { consumer }).toString()}`),
  replay: (consumer: string, key: string | undefined) =>
    call<Success<'/dead-letters/replay', 'post'>>(
      '/dead-letters/replay',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(key === undefined ? { consumer } : { consumer, key }) },
    ),
  repairs: () => call<Success<'/repairs', 'get'>>('/repairs'),
  repairPlans: () => call<Success<'/repairs/plans', 'get'>>('/repairs/plans'),
  repairPlan: (planId: string) => call<Success<'/repairs/plans/{planId}', 'get'>>(`/repairs/plans/${id(planId)}`),
  startRepairPlan: (repair: string, params: Readonly<Record<string, string>>) =>
    call<Success<'/repairs/plans', 'post'>>(
      '/repairs/plans',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ repair, params }) },
    ),
  applyRepairPlan: (planId: string) =>
    call<Success<'/repairs/plans/{planId}/apply', 'post'>>(`/repairs/plans/${id(planId)}/apply`, { method: 'POST' }),
};

/** One line for an error, whatever was thrown; a refused token or role says what to do about it. */
export const errorText = (error: unknown): string => {
  if (!(error instanceof ProblemError)) return error instanceof Error ? error.message : String(error);
  const { status } = error.problem;
  if (status === 401) return `401: the query API did not accept the token (${error.message}); enter a valid one above`;
  if (status === 403) return `403: your role may not do this (${error.message})`;
  return `${status}: ${error.message}`;
};
