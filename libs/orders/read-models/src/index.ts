export { evolveOrderView, emptyOrderView, orderIdOf, type OrderView, type OrderViewEvent, type OrderCorrection } from './order-view';
export { evolveOrderTimeline, type OrderTimeline, type TimelineEntry } from './order-timeline';
