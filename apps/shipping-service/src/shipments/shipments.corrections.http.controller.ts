import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { reverseShipmentDeliveryContract, type ReverseShipmentDelivery, type ShipmentCommand } from '@rewind/contracts';
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
 * An operator's corrections of a shipment (docs/corrections.md), decided by the shipment's own
 * decider like any command. Operators only; the envelope's actor names the operator.
 */
@ApiTags('corrections')
@Roles('operator')
@Controller('shipments/:shipmentId/corrections')
export class ShipmentCorrectionsHttpController {
  constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<ShipmentCommand>) {}

  @Post('reverse-delivery')
  @ApiOperation({
    summary: 'Reverse a delivery recorded by mistake (operator): the shipment is dispatched again, and its order shipped again',
    description: '`corrects` is the eventId of the ShipmentDelivered being reversed (the timeline shows it).',
  })
  @ApiBody({ schema: openApiSchema(reverseShipmentDeliveryContract.schema) })
  @ApiHeader(idempotencyKeyHeader)
  @ApiHeader(ifMatchHeader)
  @ApiResponse(commandAccepted(200, 'shipmentId', 'Reversed: `{shipmentId, version}`'))
  @ApiResponse(commandPending('shipmentId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(404, 'No such shipment'))
  @ApiResponse(problemResponse(409, 'The shipment is no longer at the If-Match version'))
  @ApiResponse(problemResponse(422, 'Not delivered (`shipment_not_delivered`), failed (`shipment_closed`), or cancelled with its order (`shipment_cancelled`)'))
  async reverseDelivery(
    @Caller() caller: Caller,
    @Param('shipmentId') shipmentId: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const data = parseBody(reverseShipmentDeliveryContract.schema, body);
    const commandId = idempotencyKey(headers['idempotency-key']) ?? randomUUID();
    const command = httpCommand<ReverseShipmentDelivery>(caller, 'ReverseShipmentDelivery', shipmentId, commandId, data, expectedVersion(headers['if-match']));
    const answer = await answerCommand(this.commands, command, response, { resource: `/shipments/${shipmentId}` });
    return { shipmentId, ...answer };
  }
}
