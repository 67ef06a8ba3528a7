import { Module } from '@nestjs/common';
import { DeadLettersHttpController } from './dead-letters.http.controller';

@Module({ controllers: [DeadLettersHttpController] })
export class DeadLettersModule {}
