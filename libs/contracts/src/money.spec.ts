import { addressSchema, amountCentsSchema, currencySchema, ISO_4217_CURRENCIES, minorUnitExponent, minorUnitsFromDecimal, orderTotalCents, recordedCurrencySchema } from './money';

describe('money', () => {
  describe('amountCentsSchema', () => {
    it('takes integer minor units', () => {
      expect(amountCentsSchema.parse(0)).toBe(0);
      expect(amountCentsSchema.parse(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    });

    it.each([12.5, -1, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY, '1250'])('refuses %p', (amount) => {
      expect(amountCentsSchema.safeParse(amount).success).toBe(false);
    });
  });

  describe('currencySchema', () => {
    it.each(['EUR', 'USD', 'GBP', 'JPY', 'BHD', 'CLF', 'XCG', 'ZWG', 'XOF'])('takes %s, which ISO 4217 lists', (code) => {
      expect(currencySchema.safeParse(code).success).toBe(true);
    });

    it.each([
      ['eur', 'not upper case'],
      ['EU', 'too short'],
      ['EURO', 'too long'],
      ['', 'empty'],
      ['XYZ', 'no such currency'],
      ['DEM', 'withdrawn for the euro'],
      ['HRK', 'withdrawn for the euro in 2023'],
      ['ZWL', 'replaced by ZWG in 2024'],
      ['ANG', 'replaced by XCG in 2025'],
      ['XAU', 'gold: no minor unit'],
      ['XXX', 'the code for no currency'],
      ['XTS', 'the code kept for testing'],
    ])('refuses %p (%s)', (code) => {
      expect(currencySchema.safeParse(code).success).toBe(false);
    });

    it('knows the minor unit of every code it takes', () => {
      for (const code of ISO_4217_CURRENCIES) expect({ code, exponent: minorUnitExponent(code) }).toEqual({ code, exponent: expect.any(Number) });
      expect(ISO_4217_CURRENCIES.length).toBeGreaterThan(150);
    });
  });

  it('takes any code of the right shape as recorded, so that history stays readable', () => {
    expect(recordedCurrencySchema.safeParse('XYZ').success).toBe(true);
    for (const code of ['eur', 'EU', 'EURO', '']) expect(recordedCurrencySchema.safeParse(code).success).toBe(false);
  });

  it('takes an ISO 3166-1 alpha-2 country', () => {
    const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };
    expect(addressSchema.parse(address)).toEqual(address);
    expect(addressSchema.safeParse({ ...address, country: 'DEU' }).success).toBe(false);
  });

  describe('orderTotalCents', () => {
    it('sums quantity × unit price', () => {
      expect(
        orderTotalCents([
          { quantity: 2, unitPriceCents: 1250 },
          { quantity: 3, unitPriceCents: 7 },
        ]),
      ).toBe(2521);
    });

    it('has nothing to say about a total beyond a safe integer', () => {
      expect(orderTotalCents([{ quantity: 1, unitPriceCents: Number.MAX_SAFE_INTEGER }])).toBe(Number.MAX_SAFE_INTEGER);
      expect(orderTotalCents([{ quantity: 2, unitPriceCents: Number.MAX_SAFE_INTEGER }])).toBeUndefined();
      expect(
        orderTotalCents([
          { quantity: 1, unitPriceCents: Number.MAX_SAFE_INTEGER },
          { quantity: 1, unitPriceCents: 1 },
        ]),
      ).toBeUndefined();
    });
  });

  describe('minorUnitsFromDecimal', () => {
    it.each([
      ['12.5', 'EUR', 1250],
      ['12.50', 'EUR', 1250],
      ['12', 'EUR', 1200],
      ['0.07', 'EUR', 7],
      ['0', 'EUR', 0],
      ['007.10', 'USD', 710],
      ['12.500', 'EUR', 1250],
      ['19.99', 'GBP', 1999],
      ['1200', 'JPY', 1200],
      ['1200.00', 'JPY', 1200],
      ['1.5', 'KWD', 1500],
      ['0.001', 'BHD', 1],
      ['90071992547409.91', 'EUR', Number.MAX_SAFE_INTEGER],
    ])('reads %p %s as %p minor units', (amount, currency, minor) => {
      expect(minorUnitsFromDecimal(amount, currency)).toBe(minor);
    });

    it.each([
      ['12.505', 'EUR'],
      ['1200.5', 'JPY'],
      ['-1', 'EUR'],
      ['1e3', 'EUR'],
      ['12,50', 'EUR'],
      [' 12.50', 'EUR'],
      ['.5', 'EUR'],
      ['12.', 'EUR'],
      ['', 'EUR'],
      ['90071992547409.92', 'EUR'],
    ])('refuses %p %s rather than round it', (amount, currency) => {
      expect(minorUnitsFromDecimal(amount, currency)).toBeUndefined();
    });
  });
});
