export {
  orderDecider,
  type OrderState,
  type OrderStatus,
  type OrderDetails,
  type OrderDomainEvent,
  type OrderDomainCommand,
  type OrderRefusalCode,
} from './order.decider';
