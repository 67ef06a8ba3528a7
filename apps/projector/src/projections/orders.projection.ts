import { orderEvents, paymentEvents, serviceTopicNames, shipmentEvents } from '@rewind/contracts';
import type { ProjectionDefinition } from '@rewind/projection-runtime';
import { evolveOrderView, orderIdOf, type OrderView, type OrderViewEvent } from '@rewind/orders-read-models';

/**
 * The `orders` projection: one document per order, joining the orders, payments and shipments
 * streams (co-partitioned: all three are keyed by the order's id).
 */
export function ordersProjection(namespace = ''): ProjectionDefinition<OrderView> {
  return {
    name: 'orders',
    sources: [
      { stream: 'orders', topic: serviceTopicNames(`${namespace}orders`).events, codec: orderEvents },
      { stream: 'payments', topic: serviceTopicNames(`${namespace}payments`).events, codec: paymentEvents },
      { stream: 'shipments', topic: serviceTopicNames(`${namespace}shipments`).events, codec: shipmentEvents },
    ],
    documentId: (event) => orderIdOf(event as OrderViewEvent),
    evolve: (document, event) => evolveOrderView(document, event as OrderViewEvent),
  };
}
