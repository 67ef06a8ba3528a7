import { Module } from '@nestjs/common';
import { PaymentCommandHandler } from './payments.commands';
import { PaymentsHttpController } from './payments.http.controller';
import { PaymentReactions } from './payments.reactions';

@Module({ controllers: [PaymentsHttpController, PaymentCommandHandler, PaymentReactions] })
export class PaymentsModule {}
