import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  dispatchShipmentContract,
  failShipmentContract,
  type DeliverShipment,
  type DispatchShipment,
  type FailShipment,
  type ShipmentCommand,
} from '@rewind/contracts';
import type { CommandClient } from '@rewind/event-store';
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
  ifMatchHeader,
  openApiSchema,
  parseBody,
  problemResponse,
  Roles,
  stateAnswer,
} from '@rewind/service-kit';
import type { ShipmentState } from '@rewind/shipping-domain';
import type { Response } from 'express';


/**
 * Shipments over HTTP: the carrier's side of the story. A shipment's id is its order's id. Only the
 * warehouse dispatches, delivers or fails them; operators and the warehouse read them.
 */
@ApiTags('shipments')
@Controller('shipments')
export class ShipmentsHttpController {
  constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<ShipmentCommand>) {}

  @Post(':shipmentId/dispatch')
  @ApiOperation({ summary: 'Hand a scheduled shipment to its carrier' })
  @ApiBody({ schema: openApiSchema(dispatchShipmentContract.schema) })
  @ApiHeader(idempotencyKeyHeader)
  @ApiHeader(ifMatchHeader)
  @ApiResponse(commandAccepted(200, 'shipmentId', 'Dispatched: `{shipmentId, version}`'))
  @ApiResponse(commandPending('shipmentId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(404, 'No such shipment'))
  @ApiResponse(problemResponse(409, 'The shipment is no longer at the If-Match version'))
  @ApiResponse(problemResponse(422, 'Already closed (`shipment_closed`), or its order was cancelled (`shipment_cancelled`)'))
  @Roles('warehouse')
  dispatch(@Caller() caller: Caller, @Param('shipmentId') id: string, @Body() body: unknown, @Headers() headers: Record<string, string | undefined>, @Res({ passthrough: true }) response: Response) {
    return this.send(httpCommand<DispatchShipment>(caller, 'DispatchShipment', id, this.commandId(headers), parseBody(dispatchShipmentContract.schema, body), this.version(headers)), response);
  }

  @Post(':shipmentId/deliver')
  @ApiOperation({ summary: 'Record that a dispatched shipment was delivered' })
  @ApiHeader(idempotencyKeyHeader)
  @ApiHeader(ifMatchHeader)
  @ApiResponse(commandAccepted(200, 'shipmentId', 'Delivered: `{shipmentId, version}`'))
  @ApiResponse(commandPending('shipmentId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(404, 'No such shipment'))
  @ApiResponse(problemResponse(409, 'The shipment is no longer at the If-Match version'))
  @ApiResponse(problemResponse(422, 'Not dispatched, already closed, or its order was cancelled (`shipment_cancelled`)'))
  @Roles('warehouse')
  deliver(@Caller() caller: Caller, @Param('shipmentId') id: string, @Headers() headers: Record<string, string | undefined>, @Res({ passthrough: true }) response: Response) {
    return this.send(httpCommand<DeliverShipment>(caller, 'DeliverShipment', id, this.commandId(headers), {}, this.version(headers)), response);
  }

  @Post(':shipmentId/fail')
  @ApiOperation({ summary: 'Record that a shipment failed; its order is refunded and cancelled' })
  @ApiBody({ schema: openApiSchema(failShipmentContract.schema) })
  @ApiHeader(idempotencyKeyHeader)
  @ApiHeader(ifMatchHeader)
  @ApiResponse(commandAccepted(200, 'shipmentId', 'Failed: `{shipmentId, version}`'))
  @ApiResponse(commandPending('shipmentId'))
  @ApiResponse(problemResponse(400, 'The body or a header is invalid; `errors` names each field at fault'))
  @ApiResponse(problemResponse(404, 'No such shipment'))
  @ApiResponse(problemResponse(409, 'The shipment is no longer at the If-Match version'))
  @ApiResponse(problemResponse(422, 'Already delivered, or its order was cancelled (`shipment_cancelled`)'))
  @Roles('warehouse')
  fail(@Caller() caller: Caller, @Param('shipmentId') id: string, @Body() body: unknown, @Headers() headers: Record<string, string | undefined>, @Res({ passthrough: true }) response: Response) {
    return this.send(httpCommand<FailShipment>(caller, 'FailShipment', id, this.commandId(headers), parseBody(failShipmentContract.schema, body), this.version(headers)), response);
  }

  @Get(':shipmentId')
  @ApiOperation({ summary: 'The shipment as its owner knows it now, with its version for If-Match' })
  @ApiResponse(stateAnswer('shipmentId', 'The shipment: `{shipmentId, version, status, …}`'))
  @ApiResponse(problemResponse(404, 'No such shipment'))
  @ApiResponse(problemResponse(503, 'The shipment could not be read in time'))
  @Roles('warehouse', 'operator')
  async get(@Param('shipmentId') shipmentId: string, @Res({ passthrough: true }) response: Response) {
    const { version, state } = await answerState<ShipmentState>(this.commands, shipmentId, 'shipment', response);
    return { shipmentId, version, ...state };
  }

  @Get(':shipmentId/commands/:commandId')
  @ApiOperation({ summary: 'What became of a command: its outcome, 202 while it is not known, 404 if it never arrived' })
  @CommandStatusResponses()
  @Roles('warehouse', 'operator')
  status(@Param('shipmentId') shipmentId: string, @Param('commandId') commandId: string, @Res({ passthrough: true }) response: Response) {
    return answerCommandStatus(this.commands, shipmentId, commandId, response);
  }

  private async send(command: ShipmentCommand, response: Response) {
    const answer = await answerCommand(this.commands, command, response, { resource: `/shipments/${command.aggregateId}` });
    return { shipmentId: command.aggregateId, ...answer };
  }

  private commandId(headers: Record<string, string | undefined>): string {
    return idempotencyKey(headers['idempotency-key']) ?? randomUUID();
  }

  private version(headers: Record<string, string | undefined>): number | undefined {
    return expectedVersion(headers['if-match']);
  }
}
