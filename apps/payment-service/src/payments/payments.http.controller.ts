import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { redactPaymentTokens, type PaymentCommand } from '@rewind/contracts';
import type { CommandClient } from '@rewind/event-store';
import type { PaymentState } from '@rewind/payments-domain';
import { answerCommandStatus, answerState, COMMAND_CLIENT, CommandStatusResponses, problemResponse, Roles, stateAnswer } from '@rewind/service-kit';
import type { Response } from 'express';

/**
 * Payments are driven by the saga; over HTTP operators can read them and look their commands up (a
 * payment does not know its customer: customers see theirs in their order's view, on the query API).
 */
@ApiTags('payments')
@Roles('operator')
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
    // the card's token is the write side's alone: no answer shows it
    return { paymentId, version, ...redactPaymentTokens(state) };
  }

  @Get(':paymentId/commands/:commandId')
  @ApiOperation({ summary: 'What became of a command: its outcome, 202 while it is not known, 404 if it never arrived' })
  @CommandStatusResponses()
  status(@Param('paymentId') paymentId: string, @Param('commandId') commandId: string, @Res({ passthrough: true }) response: Response) {
    return answerCommandStatus(this.commands, paymentId, commandId, response);
  }
}
