export {
  shipmentDecider,
  type ShipmentState,
  type ShipmentStatus,
  type ShipmentDetails,
  type ShipmentTracking,
  type ShipmentDomainEvent,
  type ShipmentDomainCommand,
  type ShipmentRefusalCode,
} from './shipment.decider';
