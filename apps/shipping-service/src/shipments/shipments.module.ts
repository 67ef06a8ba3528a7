import { Module } from '@nestjs/common';
import { ShipmentCommandHandler } from './shipments.commands';
import { ShipmentsHttpController } from './shipments.http.controller';
import { ShipmentReactions } from './shipments.reactions';

@Module({ controllers: [ShipmentsHttpController, ShipmentCommandHandler, ShipmentReactions] })
export class ShipmentsModule {}
