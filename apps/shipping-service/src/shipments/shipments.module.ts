import { Module } from '@nestjs/common';
import { ShipmentCommandHandler } from './shipments.commands';
import { ShipmentCorrectionsHttpController } from './shipments.corrections.http.controller';
import { ShipmentsHttpController } from './shipments.http.controller';
import { ShipmentReactions } from './shipments.reactions';

@Module({ controllers: [ShipmentsHttpController, ShipmentCorrectionsHttpController, ShipmentCommandHandler, ShipmentReactions] })
export class ShipmentsModule {}
