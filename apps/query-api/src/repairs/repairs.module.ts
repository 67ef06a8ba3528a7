import { Module } from '@nestjs/common';
import { RepairsHttpController } from './repairs.http.controller';

@Module({ controllers: [RepairsHttpController] })
export class RepairsModule {}
