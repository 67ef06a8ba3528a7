import { Module } from '@nestjs/common';
import { OrderCommandHandler } from './orders.commands';
import { OrdersHttpController } from './orders.http.controller';
import { OrderReactions } from './orders.reactions';

@Module({ controllers: [OrdersHttpController, OrderCommandHandler, OrderReactions] })
export class OrdersModule {}
