import { Controller, Get, HttpStatus, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { orderTimelineSchema, orderViewSchema, type OrderTimeline, type OrderView } from '@rewind/orders-read-models';
import { Caller, HttpProblem, problemResponse, problemType, Roles } from '@rewind/service-kit';
import type { Response } from 'express';
import { CURSOR_PATTERN, encodeCursor } from '../read-models/cursor';
import { notFound } from '../read-models/not-found';
import { answerRef } from '../openapi/answers';
import { readAnswer, readNotFound } from '../read-models/openapi';
import { ReadModels } from '../read-models/read-models';
import { rewindOrder, type Rewound } from './order-rewind';
import { orderPageSchema, rewoundOrderSchema } from './orders.answers';
import { orderViewStatuses, PAGE_LIMIT, parseOrderListQuery, parseRewindPoint, type RewindPoint } from './orders.query';

/**
 * Orders as the read side knows them: the joined view, the timeline, and the aggregate rewound. A
 * customer sees its own orders only (another's is a 404, as if there were none); operators see
 * every order, and the warehouse every order's view, to ship it (docs/security.md).
 */
@ApiTags('orders')
@Controller('orders')
export class OrdersHttpController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({ summary: 'Orders, filtered, a page at a time in id order' })
  @ApiQuery({ name: 'customerId', required: false, schema: { type: 'string', minLength: 1, maxLength: 100 } })
  @ApiQuery({ name: 'status', required: false, enum: orderViewStatuses })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: PAGE_LIMIT.max, default: PAGE_LIMIT.default } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string', pattern: CURSOR_PATTERN.source }, description: 'The nextCursor of the page before, as it was given' })
  @ApiResponse(readAnswer('`{ items, nextCursor? }`; nextCursor only when another page may follow', answerRef(orderPageSchema)))
  @ApiResponse(problemResponse(400, 'A parameter is invalid; `errors` names each one'))
  @Roles('operator', 'warehouse', 'customer')
  async list(@Caller() caller: Caller, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response) {
    const { where: asked, limit, after } = parseOrderListQuery(query);
    // a customer's list is its own orders: asking for another customer's finds none
    if (caller.role === 'customer' && asked.customerId !== undefined && asked.customerId !== caller.subject) return { items: [] };
    const where = caller.role === 'customer' ? { ...asked, customerId: caller.subject } : asked;
    const orders = await this.readModels.open<OrderView>('orders', response);
    const page = await orders.page(where, after, limit);
    return { items: page.items, ...(page.continueAfter === undefined ? {} : { nextCursor: encodeCursor(page.continueAfter) }) };
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'One order, joined with its payment and its shipment' })
  @ApiResponse(readAnswer('The order view', answerRef(orderViewSchema)))
  @ApiResponse(readNotFound('No such order in the read model'))
  @Roles('operator', 'warehouse', 'customer')
  async get(@Caller() caller: Caller, @Param('orderId') orderId: string, @Res({ passthrough: true }) response: Response) {
    const orders = await this.readModels.open<OrderView>('orders', response);
    const order = await orders.get(orderId);
    if (!order || (caller.role === 'customer' && order.customerId !== caller.subject)) throw notFound('order', orderId);
    return order;
  }

  @Get(':orderId/timeline')
  @ApiOperation({ summary: 'Every event of every service about the order, in time order, with what caused each' })
  @ApiResponse(readAnswer('The order timeline', answerRef(orderTimelineSchema)))
  @ApiResponse(readNotFound('No such order in the read model'))
  @Roles('operator', 'customer')
  async timeline(@Caller() caller: Caller, @Param('orderId') orderId: string, @Res({ passthrough: true }) response: Response) {
    const timelines = await this.readModels.open<OrderTimeline>('order_timeline', response);
    const timeline = await timelines.get(orderId);
    if (!timeline || !timelineVisibleTo(caller, timeline)) throw notFound('order', orderId);
    return timeline;
  }

  @Get(':orderId/state')
  @ApiOperation({ summary: 'The order aggregate as it was at a version, or at an instant: its own events folded with the write side’s evolve' })
  @ApiQuery({ name: 'version', required: false, schema: { type: 'integer', minimum: 1 }, description: 'Fold the events up to this version (give this or at)' })
  @ApiQuery({ name: 'at', required: false, schema: { type: 'string', format: 'date-time' }, description: 'Fold the events that had occurred by this instant (give this or version)' })
  @ApiResponse(
    readAnswer(
      '`{ orderId, version, occurredAt, state, corrections?, correctedLater? }`: version and occurredAt of the last event folded; the corrections folded in, ' +
        'and those made later of events folded in (this state then holds facts since corrected)',
      answerRef(rewoundOrderSchema),
    ),
  )
  @ApiResponse(problemResponse(400, 'Not exactly one of version and at, or one that is invalid'))
  @ApiResponse(readNotFound('No such order, or the point is outside its history'))
  @Roles('operator', 'customer')
  async state(@Caller() caller: Caller, @Param('orderId') orderId: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response) {
    const point = parseRewindPoint(query);
    const timelines = await this.readModels.open<OrderTimeline>('order_timeline', response);
    const timeline = await timelines.get(orderId);
    const rewound = timeline && timelineVisibleTo(caller, timeline) ? rewindOrder(timeline, point) : ({ kind: 'no-order' } as const);
    if (rewound.kind !== 'rewound') throw rewindProblem(orderId, point, rewound);
    const { version, occurredAt, actor, state, corrections, correctedLater } = rewound;
    return {
      orderId,
      version,
      occurredAt,
      ...(actor ? { actor } : {}),
      state,
      ...(corrections ? { corrections } : {}),
      ...(correctedLater ? { correctedLater } : {}),
    };
  }
}

/** A customer sees the timeline of its own order: the one whose OrderPlaced names it. */
function timelineVisibleTo(caller: Caller, timeline: OrderTimeline): boolean {
  if (caller.role !== 'customer') return true;
  const placed = timeline.entries.find((entry) => entry.stream === 'orders' && entry.type === 'OrderPlaced');
  return (placed?.data as { customerId?: unknown } | undefined)?.customerId === caller.subject;
}

/** 404 for a point outside the order's history, naming the point and the history there is. */
function rewindProblem(orderId: string, point: RewindPoint, outcome: Exclude<Rewound, { kind: 'rewound' }>): HttpProblem {
  if (outcome.kind === 'no-order') return notFound('order', orderId);
  const { first, last } = outcome;
  const asked = 'version' in point ? `version ${point.version}` : `at ${point.at.toISOString()}`;
  const detail =
    outcome.kind === 'beyond-last'
      ? `${asked} is beyond order ${orderId}'s last version, ${last.version} (${last.occurredAt})`
      : `${asked} is before order ${orderId}'s first event, version ${first.version} (${first.occurredAt})`;
  return new HttpProblem({ type: problemType('order-version-not-found'), title: 'The order has no such point in its history', status: HttpStatus.NOT_FOUND, detail, first, last });
}
