export { evolveShipmentView, type ShipmentView } from './shipment-view';
