import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  correctShippingAddressContract,
  repriceOrderLinesContract,
  type CorrectShippingAddress,
  type OrderCommand,
  type RepriceOrderLines,
} from '@rewind/contracts';
import type { CommandClient } from '@rewind/event-store';
import {
  answerCommand,
  Caller,
  COMMAND_CLIENT,
  commandAccepted,
  commandPending,
  expectedVersion,
  httpCommand,
  idempotencyKey,
  idempotencyKeyHeader,
  ifMatchHeader,
  openApiSchema,
  parseBody,
  problemResponse,
  Roles,
} from '@rewind/service-kit';
import type { Response } from 'express';

/**
 * An operator's corrections of an order (docs/corrections.md): each is a command the order's own
 * decider decides, with the same guarantees as any other (Idempotency-Key, If-Match, gapless
 * versions), and becomes an event that names the event it corrects and why. Operators only; the
 * envelope's actor says which operator corrected what.
 */
@ApiTags('corrections')
@Roles('operator')
@Controller('orders/:orderId/corrections')
export class OrderCorrectionsHttpController {
  constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<OrderCommand>) {}

  @Post('shipping-address')
  @ApiOperation({
    summary: 'Correct the shipping address of an order not yet dispatched (operator)',
    description:
      '`corrects` is the eventId of the event that set the address being replaced: the OrderPlaced, or the latest ShippingAddressCorrected ' +
      '(the timeline shows them). The shipment, if scheduled, takes the corrected address.',
  })
  @ApiBody({ schema: openApiSchema(correctShippingAddressContract.schema) })
  @ApiHeader(idempotencyKeyHeader)
  @ApiHeader(ifMatchHeader)
  @ApiResponse(commandAccepted(200, 'orderId', 'Corrected: `{orderId, version}`'))
  @ApiResponse(commandPending('orderId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(404, 'No such order'))
  @ApiResponse(problemResponse(409, 'The order is no longer at the If-Match version'))
  @ApiResponse(problemResponse(422, 'Dispatched already (`order_already_shipped`), cancelled, or the address is the one it has (`correction_changes_nothing`)'))
  shippingAddress(
    @Caller() caller: Caller,
    @Param('orderId') orderId: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const data = parseBody(correctShippingAddressContract.schema, body);
    return this.send(httpCommand<CorrectShippingAddress>(caller, 'CorrectShippingAddress', orderId, this.commandId(headers), data, this.version(headers)), response);
  }

  @Post('line-prices')
  @ApiOperation({
    summary: 'Reprice lines of an order (operator); the payment settles the difference',
    description:
      'Each line by its place in `lines` (from 0) and its SKU. `corrects` is the eventId of the event that set the prices being replaced: ' +
      'the OrderPlaced, or the latest OrderRepriced. The payment then refunds the difference, or charges it; a declined additional ' +
      'charge puts the prices back (OrderRepricingReverted). One repricing at a time: another waits until the payment has settled it.',
  })
  @ApiBody({ schema: openApiSchema(repriceOrderLinesContract.schema) })
  @ApiHeader(idempotencyKeyHeader)
  @ApiHeader(ifMatchHeader)
  @ApiResponse(commandAccepted(200, 'orderId', 'Repriced: `{orderId, version}`'))
  @ApiResponse(commandPending('orderId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(404, 'No such order'))
  @ApiResponse(problemResponse(409, 'The order is no longer at the If-Match version'))
  @ApiResponse(
    problemResponse(
      422,
      'Cancelled, a line that is not there or named twice (`order_line_not_found`, `order_line_repeated`), a price it has already ' +
        '(`correction_changes_nothing`), or the last repricing is not settled yet (`repricing_pending`)',
    ),
  )
  linePrices(
    @Caller() caller: Caller,
    @Param('orderId') orderId: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const data = parseBody(repriceOrderLinesContract.schema, body);
    return this.send(httpCommand<RepriceOrderLines>(caller, 'RepriceOrderLines', orderId, this.commandId(headers), data, this.version(headers)), response);
  }

  private async send(command: OrderCommand, response: Response) {
    const answer = await answerCommand(this.commands, command, response, { resource: `/orders/${command.aggregateId}` });
    return { orderId: command.aggregateId, ...answer };
  }

  private commandId(headers: Record<string, string | undefined>): string {
    return idempotencyKey(headers['idempotency-key']) ?? randomUUID();
  }

  private version(headers: Record<string, string | undefined>): number | undefined {
    return expectedVersion(headers['if-match']);
  }
}
