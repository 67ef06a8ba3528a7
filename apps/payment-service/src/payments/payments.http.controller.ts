import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { PaymentCommand } from '@rewind/contracts';
import type { CommandClient } from '@rewind/event-store';
import type { PaymentState } from '@rewind/payments-domain';
import { answerCommandStatus, answerState, COMMAND_CLIENT, CommandStatusResponses, problemResponse, stateAnswer } from '@rewind/service-kit';
import type { Response } from 'express';

/** Payments are driven by the saga; over HTTP they can be read and their commands looked up. */
@ApiTags('payments')
@Controller('payments')
export class PaymentsHttpController {
  constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<PaymentCommand>) {}

  @Get(':paymentId')
  @ApiOperation({ summary: "The payment as its owner knows it now; a payment's id is its order's id" })
  @ApiResponse(stateAnswer('paymentId', 'The payment: `{paymentId, version, status, …}`'))
  @ApiResponse(problemResponse(404, 'No such payment'))
  @ApiResponse(problemResponse(503, 'The payment could not be read in time'))
  async get(@Param('paymentId') paymentId: string, @Res({ passthrough: true }) response: Response) {
    const { version, state } = await answerState<PaymentState>(this.commands, paymentId, 'payment', response);
    return { paymentId, version, ...state };
  }

  @Get(':paymentId/commands/:commandId')
  @ApiOperation({ summary: 'What became of a command: its outcome, 202 while it is not known, 404 if it never arrived' })
  @CommandStatusResponses()
  status(@Param('paymentId') paymentId: string, @Param('commandId') commandId: string, @Res({ passthrough: true }) response: Response) {
    return answerCommandStatus(this.commands, paymentId, commandId, response);
  }
}
