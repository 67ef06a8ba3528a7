export { evolveOrderView, emptyOrderView, orderIdOf, type OrderView, type OrderViewEvent } from './order-view';
