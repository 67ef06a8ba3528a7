import { paymentEvents, serviceTopicNames, shipmentEvents, type PaymentEvent, type ShipmentEvent } from '@rewind/contracts';
import { evolvePaymentView, type PaymentView } from '@rewind/payments-read-models';
import type { ProjectionDefinition } from '@rewind/projection-runtime';
import { evolveShipmentView, type ShipmentView } from '@rewind/shipping-read-models';

/** `payments`: one document per payment, from the payments stream alone. */
export function paymentsProjection(namespace = ''): ProjectionDefinition<PaymentView> {
  return {
    name: 'payments',
    sources: [{ stream: 'payments', topic: serviceTopicNames(`${namespace}payments`).events, codec: paymentEvents }],
    documentId: (event) => event.aggregateId,
    evolve: (document, event) => evolvePaymentView(document, event as PaymentEvent),
  };
}

/** `shipments`: one document per shipment, from the shipments stream alone. */
export function shipmentsProjection(namespace = ''): ProjectionDefinition<ShipmentView> {
  return {
    name: 'shipments',
    sources: [{ stream: 'shipments', topic: serviceTopicNames(`${namespace}shipments`).events, codec: shipmentEvents }],
    documentId: (event) => event.aggregateId,
    evolve: (document, event) => evolveShipmentView(document, event as ShipmentEvent),
  };
}
