import type { ProjectionDefinition } from '@rewind/projection-runtime';
import { orderTimelineProjection, ordersProjection } from './orders.projection';
import { paymentsProjection, shipmentsProjection } from './payments-and-shipments.projection';

export { orderTimelineProjection, ordersProjection } from './orders.projection';
export { paymentsProjection, shipmentsProjection } from './payments-and-shipments.projection';

/** Every read model Rewind keeps, on a topic namespace: what the projector runs and the query API reads. */
export function projectionCatalog(namespace = ''): ProjectionDefinition<object>[] {
  return [ordersProjection(namespace), orderTimelineProjection(namespace), paymentsProjection(namespace), shipmentsProjection(namespace)] as ProjectionDefinition<object>[];
}
export { sourceTopics } from '@rewind/projection-runtime';
