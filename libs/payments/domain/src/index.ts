export {
  paymentDecider,
  simulatedGateway,
  type GatewayAnswer,
  type ChargeKind,
  type PaymentState,
  type PaymentStatus,
  type PaymentDetails,
  type PaymentDomainEvent,
  type PaymentDomainCommand,
  type PaymentRefusalCode,
} from './payment.decider';
