export { evolveOrderView, emptyOrderView, orderIdOf, type OrderView, type OrderViewEvent } from './order-view';
export { evolveOrderTimeline, type OrderTimeline, type TimelineEntry } from './order-timeline';
