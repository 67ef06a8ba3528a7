import type { OrderView } from '@rewind/orders-read-models';
import { z } from 'zod';
import { decodeCursor } from '../read-models/cursor';
import { QueryParams } from '../read-models/query-params';

type OrderViewStatus = OrderView['status'];
// a Record keeps this list in step with the read model: a status added there fails to compile here
const statusSet: Record<OrderViewStatus, true> = { pending: true, placed: true, confirmed: true, shipped: true, delivered: true, cancelled: true };
export const orderViewStatuses = Object.keys(statusSet) as OrderViewStatus[];

export const PAGE_LIMIT = { default: 20, max: 100 } as const;

export interface OrderListQuery {
  /** Model fields an order must equal. */
  readonly where: { readonly customerId?: string; readonly status?: OrderViewStatus };
  readonly limit: number;
  /** The `_id` the page starts after. */
  readonly after?: string;
}

/** `GET /orders?customerId=&status=&limit=&cursor=`, checked; a 400 names every parameter at fault. */
export function parseOrderListQuery(query: Readonly<Record<string, unknown>>): OrderListQuery {
  const params = new QueryParams(query, ['customerId', 'status', 'limit', 'cursor']);
  const customerId = params.text('customerId');
  if (customerId !== undefined && (customerId.length < 1 || customerId.length > 100)) params.fail('customerId', 'expected 1 to 100 characters');

  const status = params.text('status');
  const knownStatus = orderViewStatuses.find((candidate) => candidate === status);
  if (status !== undefined && !knownStatus) params.fail('status', `expected one of ${orderViewStatuses.join(', ')}`);

  const limit = params.limit('limit', PAGE_LIMIT);

  const cursor = params.text('cursor');
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && after === undefined) params.fail('cursor', 'expected the nextCursor of an earlier page, as it was given');

  return params.done({
    where: { ...(customerId === undefined ? {} : { customerId }), ...(knownStatus ? { status: knownStatus } : {}) },
    limit,
    ...(after === undefined ? {} : { after }),
  });
}

/** Where to rewind an order to: up to a version of its own stream, or up to an instant. */
export type RewindPoint = { readonly version: number } | { readonly at: Date };

const isoInstant = z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ offset: true, precision: -1 })]);

/** `GET /orders/:id/state?version=N` or `?at=<ISO-8601 instant>`: exactly one of the two. */
export function parseRewindPoint(query: Readonly<Record<string, unknown>>): RewindPoint {
  const params = new QueryParams(query, ['version', 'at']);
  const versionText = params.text('version');
  const atText = params.text('at');
  if ((versionText === undefined) === (atText === undefined)) {
    params.fail('version', 'expected exactly one of version and at');
    throw params.refuse('at', 'expected exactly one of version and at');
  }
  if (versionText !== undefined) {
    const version = /^\d{1,15}$/.test(versionText) ? Number(versionText) : 0;
    if (version < 1) throw params.refuse('version', 'expected a positive whole number: a version of the order');
    return params.done({ version });
  }
  // an instant needs its offset (or Z): a local time would name a different moment on every server
  if (atText === undefined || !isoInstant.safeParse(atText).success) {
    throw params.refuse('at', 'expected an ISO-8601 instant with its offset, such as 2026-11-27T10:00:00Z');
  }
  return params.done({ at: new Date(atText) });
}
