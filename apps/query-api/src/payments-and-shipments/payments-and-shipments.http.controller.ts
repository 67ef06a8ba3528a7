import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { paymentViewSchema, type PaymentView } from '@rewind/payments-read-models';
import { shipmentViewSchema, type ShipmentView } from '@rewind/shipping-read-models';
import { Roles } from '@rewind/service-kit';
import type { Response } from 'express';
import { answerRef } from '../openapi/answers';
import { notFound } from '../read-models/not-found';
import { readAnswer, readNotFound } from '../read-models/openapi';
import { ReadModels } from '../read-models/read-models';

/**
 * Payments and shipments as the read side knows them; each is keyed by its order's id. Neither knows
 * its customer: customers see theirs in their order's view. Shipments carry the address: operators
 * and the warehouse.
 */
@Controller()
export class PaymentsAndShipmentsHttpController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get('payments/:paymentId')
  @ApiTags('payments')
  @ApiOperation({ summary: 'One payment' })
  @Roles('operator')
  @ApiResponse(readAnswer('The payment view', answerRef(paymentViewSchema)))
  @ApiResponse(readNotFound('No such payment in the read model'))
  async payment(@Param('paymentId') paymentId: string, @Res({ passthrough: true }) response: Response) {
    const payments = await this.readModels.open<PaymentView>('payments', response);
    const payment = await payments.get(paymentId);
    if (!payment) throw notFound('payment', paymentId);
    return payment;
  }

  @Get('shipments/:shipmentId')
  @ApiTags('shipments')
  @ApiOperation({ summary: 'One shipment' })
  @Roles('operator', 'warehouse')
  @ApiResponse(readAnswer('The shipment view', answerRef(shipmentViewSchema)))
  @ApiResponse(readNotFound('No such shipment in the read model'))
  async shipment(@Param('shipmentId') shipmentId: string, @Res({ passthrough: true }) response: Response) {
    const shipments = await this.readModels.open<ShipmentView>('shipments', response);
    const shipment = await shipments.get(shipmentId);
    if (!shipment) throw notFound('shipment', shipmentId);
    return shipment;
  }
}
