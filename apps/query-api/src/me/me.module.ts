import { Module } from '@nestjs/common';
import { MeHttpController } from './me.http.controller';

@Module({ controllers: [MeHttpController] })
export class MeModule {}
