import type {
  DeadLetterList,
  GenerationComparison,
  OrderPage,
  OrderState,
  OrderTimeline,
  OrderView,
  Problem,
  ProjectionStatus,
  RepairKind,
  RepairPlanDetail,
  RepairPlanSummary,
  ReplayAnswer,
} from './query-api.types';
import { ordersQuery, type OrderFilters } from '../orders/order-filters';

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
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

// The explorer is served by the query API (under /explorer/), so the API is this page's origin.
async function call<T>(path: string, init: RequestInit = {}): Promise<Answer<T>> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
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

const asAdmin = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...init.headers, authorization: `Bearer ${token}` },
});
const id = (value: string) => encodeURIComponent(value);

export const queryApi = {
  orders: (filters: OrderFilters, cursor?: string) => call<OrderPage>(`/orders?${ordersQuery(filters, cursor)}`),
  order: (orderId: string) => call<OrderView>(`/orders/${id(orderId)}`),
  timeline: (orderId: string) => call<OrderTimeline>(`/orders/${id(orderId)}/timeline`),
  state: (orderId: string, version: number) => call<OrderState>(`/orders/${id(orderId)}/state?version=${version}`),
  projections: () => call<ProjectionStatus[]>('/projections'),
  rebuild: (name: string, token: string) => call<ProjectionStatus>(`/projections/${id(name)}/rebuild`, asAdmin(token, { method: 'POST' })),
  verify: (name: string, token: string) => call<GenerationComparison>(`/projections/${id(name)}/verify`, asAdmin(token, { method: 'POST' })),
  deadLetters: (consumer: string, token: string) =>
    call<DeadLetterList>(`/dead-letters?${new URLSearchParams(consumer === '' ? {} : { consumer }).toString()}`, asAdmin(token)),
  replay: (consumer: string, key: string | undefined, token: string) =>
    call<ReplayAnswer>(
      '/dead-letters/replay',
      asAdmin(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(key === undefined ? { consumer } : { consumer, key }) }),
    ),
  repairs: (token: string) => call<RepairKind[]>('/repairs', asAdmin(token)),
  repairPlans: (token: string) => call<{ plans: RepairPlanSummary[] }>('/repairs/plans', asAdmin(token)),
  repairPlan: (planId: string, token: string) => call<RepairPlanDetail>(`/repairs/plans/${id(planId)}`, asAdmin(token)),
  startRepairPlan: (repair: string, params: Readonly<Record<string, string>>, token: string) =>
    call<RepairPlanSummary>('/repairs/plans', asAdmin(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ repair, params }) })),
  applyRepairPlan: (planId: string, token: string) => call<RepairPlanSummary>(`/repairs/plans/${id(planId)}/apply`, asAdmin(token, { method: 'POST' })),
};

/** One line for an error, whatever was thrown. */
export const errorText = (error: unknown): string =>
  error instanceof ProblemError ? `${error.problem.status}: ${error.message}` : error instanceof Error ? error.message : String(error);
