export { evolvePaymentView, type PaymentView } from './payment-view';
