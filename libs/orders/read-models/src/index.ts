export {
  evolveOrderView,
  emptyOrderView,
  orderIdOf,
  orderCorrectionSchema,
  orderViewSchema,
  type OrderView,
  type OrderViewEvent,
  type OrderCorrection,
} from './order-view';
export { evolveOrderTimeline, orderTimelineSchema, timelineEntrySchema, type OrderTimeline, type TimelineEntry } from './order-timeline';
