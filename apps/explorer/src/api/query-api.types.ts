import type { components, paths } from './query-api.openapi';

// What the query API answers, by the names its OpenAPI document gives them (docs/query-api.md). The
// types are generated from that document (query-api.openapi.ts, `npm run openapi:explorer`): the
// explorer imports no Rewind library, and keeps no copy of the shapes of its own.

type Schemas = components['schemas'];

export type OrderView = Schemas['OrderView'];
export type OrderStatus = OrderView['status'];
export type OrderPage = Schemas['OrderPage'];
/** The order view's shipment: `cancelled` when its order was, `recalled` when the parcel had left by then. */
export type ShipmentSummary = NonNullable<OrderView['shipment']>;
export type TimelineEntry = Schemas['TimelineEntry'];
export type OrderTimeline = Schemas['OrderTimeline'];
export type RewoundOrder = Schemas['RewoundOrder'];
export type ProjectionStatus = Schemas['ProjectionStatus'];
export type GenerationComparison = Schemas['GenerationComparison'];
export type DeadLetter = Schemas['DeadLetter'];
export type DeadLetterList = Schemas['DeadLetterList'];
export type ReplayAnswer = Schemas['ReplayAnswer'];
export type RepairKind = Schemas['RepairKind'];
export type RepairResult = Schemas['RepairResult'];
export type RepairPlan = Schemas['RepairPlan'];
export type RepairPlanSummary = Schemas['RepairPlanSummary'];
export type RepairPlanList = Schemas['RepairPlanList'];
export type RepairPlanDetail = Schemas['RepairPlanDetail'];
export type RepairPlanStatus = RepairPlan['status'];
/** Who a token is, as the query API reads it (`GET /me`). */
export type Caller = Schemas['Caller'];
export type Role = Caller['role'];
/** Who caused an event: a person under a role, or a service reacting to an event; absent before identities. */
export type Actor = NonNullable<TimelineEntry['actor']>;

// a Record lists every status once: one added to the API fails to compile here until it is listed
const orderStatuses: Readonly<Record<OrderStatus, true>> = { pending: true, placed: true, confirmed: true, shipped: true, delivered: true, cancelled: true };
export const ORDER_STATUSES = Object.keys(orderStatuses) as readonly OrderStatus[];

/** An error answer (RFC 9457), as every endpoint gives it. */
export type Problem = paths['/orders/{orderId}']['get']['responses'][404]['content']['application/problem+json'];
