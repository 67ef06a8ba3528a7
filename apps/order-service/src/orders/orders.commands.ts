import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { serviceTopicNames, type OrderCommand } from '@rewind/contracts';
import { orderDecider, type OrderState } from '@rewind/orders-domain';
import { CommandContext } from '@rewind/service-kit';

/** The order service's command handler: the pure decider, run by the event-store transport. */
@Controller()
export class OrderCommandHandler {
  @MessagePattern(serviceTopicNames('orders').commands)
  decide(@Payload() command: OrderCommand, @Ctx() context: CommandContext<OrderState>) {
    return orderDecider.decide(command, context.state);
  }
}
