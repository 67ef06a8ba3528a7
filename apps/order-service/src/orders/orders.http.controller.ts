import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { cancelOrderContract, placeOrderContract, type CancelOrder, type OrderCommand, type PlaceOrder } from '@rewind/contracts';
import { deterministicUuid, type CommandClient } from '@rewind/event-store';
import type { OrderState } from '@rewind/orders-domain';
import {
  answerCommand,
  answerCommandStatus,
  answerState,
  COMMAND_CLIENT,
  commandAccepted,
  commandPending,
  CommandStatusResponses,
  expectedVersion,
  httpCommand,
  idempotencyKey,
  idempotencyKeyHeader,
  ifMatchHeader,
  openApiSchema,
  parseBody,
  problemResponse,
  stateAnswer,
} from '@rewind/service-kit';
import type { Response } from 'express';


/** Orders over HTTP: translate the request into a command, send it, answer with its outcome. */
@ApiTags('orders')
@Controller('orders')
export class OrdersHttpController {
  constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<OrderCommand>) {}

  @Post()
  @ApiOperation({ summary: 'Place an order' })
  @ApiBody({ schema: openApiSchema(placeOrderContract.schema) })
  @ApiHeader(idempotencyKeyHeader)
  @ApiResponse(commandAccepted(201, 'orderId', 'Placed: `{orderId, version}`, with Location'))
  @ApiResponse(commandPending('orderId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(422, 'Refused by a business rule, such as a total beyond the largest exact amount'))
  async place(@Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) response: Response) {
    const data = parseBody(placeOrderContract.schema, body);
    const commandId = idempotencyKey(key) ?? randomUUID();
    // the same key always names the same order, so a retried request cannot place a second one
    const orderId = key ? deterministicUuid(`order/${commandId}`) : randomUUID();
    const answer = await answerCommand(this.commands, httpCommand<PlaceOrder>('PlaceOrder', orderId, commandId, data), response, { resource: `/orders/${orderId}`, created: true });
    return { orderId, ...answer };
  }

  @Post(':orderId/cancel')
  @ApiOperation({ summary: 'Cancel an order (refunds it if it was paid)' })
  @ApiBody({ schema: openApiSchema(cancelOrderContract.schema) })
  @ApiHeader(idempotencyKeyHeader)
  @ApiHeader(ifMatchHeader)
  @ApiResponse(commandAccepted(200, 'orderId', 'Cancelled: `{orderId, version}`'))
  @ApiResponse(commandPending('orderId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(404, 'No such order'))
  @ApiResponse(problemResponse(409, 'The order is no longer at the If-Match version'))
  @ApiResponse(problemResponse(422, 'The order can no longer be cancelled'))
  async cancel(
    @Param('orderId') orderId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const data = parseBody(cancelOrderContract.schema, body);
    const cancel = httpCommand<CancelOrder>('CancelOrder', orderId, idempotencyKey(key) ?? randomUUID(), data, expectedVersion(ifMatch));
    const answer = await answerCommand(this.commands, cancel, response, { resource: `/orders/${orderId}` });
    return { orderId, ...answer };
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'The order as its owner knows it now (read-your-writes), with its version for If-Match' })
  @ApiResponse(stateAnswer('orderId', 'The order: `{orderId, version, status, …}`'))
  @ApiResponse(problemResponse(404, 'No such order'))
  @ApiResponse(problemResponse(503, 'The order could not be read in time'))
  async get(@Param('orderId') orderId: string, @Res({ passthrough: true }) response: Response) {
    const { version, state } = await answerState<OrderState>(this.commands, orderId, 'order', response);
    return { orderId, version, ...state };
  }

  @Get(':orderId/commands/:commandId')
  @ApiOperation({ summary: 'What became of a command: its outcome, 202 while it is not known, 404 if it never arrived' })
  @CommandStatusResponses()
  status(@Param('orderId') orderId: string, @Param('commandId') commandId: string, @Res({ passthrough: true }) response: Response) {
    return answerCommandStatus(this.commands, orderId, commandId, response);
  }
}
