import { Module } from '@nestjs/common';
import { PaymentsAndShipmentsHttpController } from './payments-and-shipments.http.controller';

@Module({ controllers: [PaymentsAndShipmentsHttpController] })
export class PaymentsAndShipmentsModule {}
