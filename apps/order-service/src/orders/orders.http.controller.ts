import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { cancelOrderContract, placeOrderContract, redactPaymentTokens, type CancelOrder, type OrderCommand, type PlaceOrder } from '@rewind/contracts';
import { deterministicUuid, type CommandClient } from '@rewind/event-store';
import type { OrderState } from '@rewind/orders-domain';
import {
  answerCommand,
  answerCommandStatus,
  answerState,
  Caller,
  COMMAND_CLIENT,
  commandAccepted,
  commandPending,
  CommandStatusResponses,
  expectedVersion,
  httpCommand,
  idempotencyKey,
  idempotencyKeyHeader,
  HttpProblem,
  ifMatchHeader,
  notFoundProblem,
  openApiSchema,
  parseBody,
  problemResponse,
  problemType,
  Roles,
  stateAnswer,
} from '@rewind/service-kit';
import type { Response } from 'express';


/**
 * Orders over HTTP: translate the request into a command, send it, answer with its outcome. A
 * customer places orders for itself and reaches its own orders only; anyone else's is a 404, as
 * if it did not exist. Operators read and cancel any order (docs/security.md).
 */
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
  @Roles('customer')
  async place(@Caller() caller: Caller, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) response: Response) {
    const data = parseBody(placeOrderContract.schema, body);
    if (data.customerId !== caller.subject) {
      throw new HttpProblem({
        type: problemType('forbidden'),
        title: 'A customer places orders for itself only',
        status: HttpStatus.FORBIDDEN,
        detail: 'customerId must be the subject of the bearer token',
        errors: [{ field: 'customerId', message: 'must be the subject of the bearer token' }],
      });
    }
    const commandId = idempotencyKey(key) ?? randomUUID();
    // the same key always names the same order, so a retried request cannot place a second one; a key
    // is the customer's own: another customer's same key names another order, and learns nothing
    const orderId = key ? deterministicUuid(`order/${caller.subject}/${commandId}`) : randomUUID();
    const answer = await answerCommand(this.commands, httpCommand<PlaceOrder>(caller, 'PlaceOrder', orderId, commandId, data), response, { resource: `/orders/${orderId}`, created: true });
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
  @Roles('operator', 'customer')
  async cancel(
    @Caller() caller: Caller,
    @Param('orderId') orderId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    // first: another customer's order is a 404 whatever the request holds
    await this.assertVisible(caller, orderId);
    const data = parseBody(cancelOrderContract.schema, body);
    const cancel = httpCommand<CancelOrder>(caller, 'CancelOrder', orderId, idempotencyKey(key) ?? randomUUID(), data, expectedVersion(ifMatch));
    const answer = await answerCommand(this.commands, cancel, response, { resource: `/orders/${orderId}` });
    return { orderId, ...answer };
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'The order as its owner knows it now (read-your-writes), with its version for If-Match' })
  @ApiResponse(stateAnswer('orderId', 'The order: `{orderId, version, status, …}`'))
  @ApiResponse(problemResponse(404, 'No such order'))
  @ApiResponse(problemResponse(503, 'The order could not be read in time'))
  @Roles('operator', 'customer')
  async get(@Caller() caller: Caller, @Param('orderId') orderId: string, @Res({ passthrough: true }) response: Response) {
    const { version, state } = await answerState<OrderState>(this.commands, orderId, 'order', response);
    if (!visibleTo(caller, state)) throw notFoundProblem('order', orderId);
    // the payment token is the write side's alone: no answer shows it
    return { orderId, version, ...redactPaymentTokens(state) };
  }

  @Get(':orderId/commands/:commandId')
  @ApiOperation({ summary: 'What became of a command: its outcome, 202 while it is not known, 404 if it never arrived' })
  @CommandStatusResponses()
  @Roles('operator', 'customer')
  async status(@Caller() caller: Caller, @Param('orderId') orderId: string, @Param('commandId') commandId: string, @Res({ passthrough: true }) response: Response) {
    await this.assertVisible(caller, orderId);
    return answerCommandStatus(this.commands, orderId, commandId, response);
  }

  /** A customer reaches its own orders only: another's is answered as if it did not exist. */
  private async assertVisible(caller: Caller, orderId: string): Promise<void> {
    if (caller.role !== 'customer') return;
    const reply = await this.commands.readState<OrderState>(orderId);
    if (reply.status === 'pending') {
      throw new HttpProblem({ type: problemType('timeout'), title: 'The order could not be read in time', status: HttpStatus.SERVICE_UNAVAILABLE });
    }
    if (!visibleTo(caller, reply.state)) throw notFoundProblem('order', orderId);
  }
}

const visibleTo = (caller: Caller, state: OrderState) => caller.role !== 'customer' || (state.status !== 'none' && state.customerId === caller.subject);
