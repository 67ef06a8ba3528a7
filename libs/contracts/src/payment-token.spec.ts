import { REDACTED, redactPaymentTokens } from './payment-token';

describe('redactPaymentTokens', () => {
  it('replaces an order’s and a payment’s token however deep, and leaves everything else as it was', () => {
    const value = { customerId: 'cus_1', paymentToken: 'tok_visa', payments: [{ token: 'tok_x', amountCents: 5 }], nested: { deeper: { paymentToken: 'tok_y' } } };
    expect(redactPaymentTokens(value)).toEqual({
      customerId: 'cus_1',
      paymentToken: REDACTED,
      payments: [{ token: REDACTED, amountCents: 5 }],
      nested: { deeper: { paymentToken: REDACTED } },
    });
    expect(value.paymentToken).toBe('tok_visa'); // a copy: the value itself is untouched
  });

  it('leaves values without tokens, and non-string token fields, alone', () => {
    expect(redactPaymentTokens({ token: 3, list: [1, 'a', null] })).toEqual({ token: 3, list: [1, 'a', null] });
    expect(redactPaymentTokens('tok_visa')).toBe('tok_visa');
  });
});
