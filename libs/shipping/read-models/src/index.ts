export { evolveShipmentView, shipmentViewSchema, type ShipmentView } from './shipment-view';
