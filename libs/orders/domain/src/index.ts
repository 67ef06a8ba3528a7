export {
  orderDecider,
  type OrderState,
  type OrderStatus,
  type OrderDetails,
  type Repricing,
  type OrderDomainEvent,
  type OrderDomainCommand,
  type OrderRefusalCode,
} from './order.decider';
