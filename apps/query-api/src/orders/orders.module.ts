import { Module } from '@nestjs/common';
import { OrdersHttpController } from './orders.http.controller';

@Module({ controllers: [OrdersHttpController] })
export class OrdersModule {}
