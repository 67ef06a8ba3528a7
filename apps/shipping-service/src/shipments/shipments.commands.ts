import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { serviceTopicNames, type ShipmentCommand } from '@rewind/contracts';
import { CommandContext } from '@rewind/service-kit';
import { shipmentDecider, type ShipmentState } from '@rewind/shipping-domain';

/** The shipping service's command handler: the pure decider, run by the event-store transport. */
@Controller()
export class ShipmentCommandHandler {
  @MessagePattern(serviceTopicNames('shipments').commands)
  decide(@Payload() command: ShipmentCommand, @Ctx() context: CommandContext<ShipmentState>) {
    return shipmentDecider.decide(command, context.state);
  }
}
