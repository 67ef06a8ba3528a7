import { Module } from '@nestjs/common';
import { ProjectionsHttpController } from './projections.http.controller';

@Module({ controllers: [ProjectionsHttpController] })
export class ProjectionsModule {}
