export { evolvePaymentView, paymentSettlementSchema, paymentViewSchema, type PaymentSettlement, type PaymentView } from './payment-view';
