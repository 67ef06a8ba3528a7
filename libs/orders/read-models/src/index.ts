export { evolveOrderView, emptyOrderView, orderIdOf, type OrderView, type OrderViewEvent } from './order-view';
export { ordersProjection } from './orders.projection';
