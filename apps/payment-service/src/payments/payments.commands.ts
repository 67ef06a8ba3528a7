import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { serviceTopicNames, type PaymentCommand } from '@rewind/contracts';
import { paymentDecider, type PaymentState } from '@rewind/payments-domain';
import { CommandContext } from '@rewind/service-kit';

/** The payment service's command handler: the pure decider, run by the event-store transport. */
@Controller()
export class PaymentCommandHandler {
  @MessagePattern(serviceTopicNames('payments').commands)
  decide(@Payload() command: PaymentCommand, @Ctx() context: CommandContext<PaymentState>) {
    return paymentDecider.decide(command, context.state);
  }
}
