import { z } from 'zod';

/** An ISO 4217 currency code, such as `EUR`. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code (three upper-case letters)');

/**
 * An amount in the currency's minor unit (cents for EUR, yen for JPY): a non-negative safe
 * integer. Never a float, so sums and comparisons are exact on every platform.
 */
export const amountCentsSchema = z.int().min(0);

/** An ISO 3166-1 alpha-2 country code, such as `DE`. */
const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code (two upper-case letters)');

export const addressSchema = z.object({
  name: z.string().min(1).max(200),
  line1: z.string().min(1).max(200),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(20),
  country: countrySchema,
});

export const orderLineSchema = z.object({
  sku: z.string().min(1).max(64),
  quantity: z.int().min(1),
  unitPriceCents: amountCentsSchema,
});

export type Currency = z.infer<typeof currencySchema>;
export type Address = z.infer<typeof addressSchema>;
export type OrderLine = z.infer<typeof orderLineSchema>;

/**
 * The total of some lines (Σ quantity × unitPriceCents), computed exactly; `undefined` when it
 * is not a safe integer, so that no caller can store a total that has silently lost cents.
 */
export function orderTotalCents(lines: readonly Pick<OrderLine, 'quantity' | 'unitPriceCents'>[]): number | undefined {
  let total = 0n;
  for (const line of lines) total += BigInt(line.quantity) * BigInt(line.unitPriceCents);
  return total <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(total) : undefined;
}

// ISO 4217 minor-unit exponents that are not 2; every other currency has cents.
const exponents: Readonly<Record<string, number>> = {
  ...Object.fromEntries(
    ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'].map((code) => [code, 0]),
  ),
  ...Object.fromEntries(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((code) => [code, 3])),
  CLF: 4,
  UYW: 4,
};

/** How many digits of the currency's major unit its minor unit stands for (2 for EUR, 0 for JPY). */
export function minorUnitExponent(currency: string): number {
  return exponents[currency] ?? 2;
}

/**
 * A decimal string of major units ("12.50") as an integer of minor units (1250), by string
 * arithmetic alone: `undefined` when the string is not a plain non-negative decimal, has more
 * fraction digits than the currency's minor unit, or does not fit in a safe integer.
 */
export function minorUnitsFromDecimal(amount: string, currency: string): number | undefined {
  const exponent = minorUnitExponent(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return undefined;
  const [, whole = '', fraction = ''] = match;
  // "12.50" is exact for EUR; "12.505" would need a rounding rule, and money is never rounded silently
  if (fraction.replace(/0+$/, '').length > exponent) return undefined;
  const minor = BigInt(whole + fraction.padEnd(exponent, '0').slice(0, exponent));
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : undefined;
}
