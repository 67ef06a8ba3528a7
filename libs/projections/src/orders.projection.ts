import { orderEvents, paymentEvents, serviceTopicNames, shipmentEvents } from '@rewind/contracts';
import {
  evolveOrderTimeline,
  evolveOrderView,
  orderIdOf,
  type OrderTimeline,
  type OrderView,
  type OrderViewEvent,
} from '@rewind/orders-read-models';
import type { ProjectionDefinition, ProjectionSource } from '@rewind/projection-runtime';

/** The three streams an order's projections join; co-partitioned, all keyed by the order's id. */
const orderStreams = (namespace: string): ProjectionSource[] => [
  { stream: 'orders', topic: serviceTopicNames(`${namespace}orders`).events, codec: orderEvents },
  { stream: 'payments', topic: serviceTopicNames(`${namespace}payments`).events, codec: paymentEvents },
  { stream: 'shipments', topic: serviceTopicNames(`${namespace}shipments`).events, codec: shipmentEvents },
];

/** `orders`: one document per order, joined with its payment and its shipment. */
export function ordersProjection(namespace = ''): ProjectionDefinition<OrderView> {
  return {
    name: 'orders',
    sources: orderStreams(namespace),
    documentId: (event) => orderIdOf(event as OrderViewEvent),
    evolve: (document, event) => evolveOrderView(document, event as OrderViewEvent),
  };
}

/** `order-timeline`: every event of every service about an order, for audit. */
export function orderTimelineProjection(namespace = ''): ProjectionDefinition<OrderTimeline> {
  return {
    name: 'order_timeline',
    sources: orderStreams(namespace),
    documentId: (event) => orderIdOf(event as OrderViewEvent),
    evolve: (document, event, stream) => evolveOrderTimeline(document, event, stream),
  };
}
