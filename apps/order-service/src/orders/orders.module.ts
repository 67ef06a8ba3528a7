import { Module } from '@nestjs/common';
import { OrderCommandHandler } from './orders.commands';
import { OrderCorrectionsHttpController } from './orders.corrections.http.controller';
import { OrdersHttpController } from './orders.http.controller';
import { OrderReactions } from './orders.reactions';

@Module({ controllers: [OrdersHttpController, OrderCorrectionsHttpController, OrderCommandHandler, OrderReactions] })
export class OrdersModule {}
