import { z } from 'zod';

/**
 * ISO 4217 list one, the codes current in 2026, by their minor unit's exponent (2 for EUR: cents;
 * 0 for JPY). Taken from Debian's iso-codes 4.15 with the amendments since: ZWG (2024) and XCG
 * (2025) added; HRK (the euro, 2023), SLL (replaced by SLE), ZWL (by ZWG), ANG (by XCG) and BGN
 * (the euro, 2026) withdrawn; update it as the maintenance agency amends the list. Left out on
 * purpose: the codes with no minor unit (precious metals XAU XAG XPT XPD, the bond units XBA–XBD,
 * XDR, XSU, XUA, and XTS and XXX for testing and "no currency"), since a price here is a whole
 * number of minor units.
 */
const minorUnits: Readonly<Record<string, number>> = {
  ...Object.fromEntries(
    `AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC
     CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS
     KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB
     PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD
     TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG`
      .split(/\s+/)
      .map((code) => [code, 2]),
  ),
  ...Object.fromEntries(
    ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'].map((code) => [code, 0]),
  ),
  ...Object.fromEntries(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((code) => [code, 3])),
  CLF: 4,
  UYW: 4,
};

/** Every currency code a new order may name: ISO 4217's current codes that have a minor unit. */
export const ISO_4217_CURRENCIES = Object.keys(minorUnits).sort() as [string, ...string[]];

const currencyCodeShape = z.string().regex(/^[A-Z]{3}$/, 'expected a currency code of ISO 4217 (three upper-case letters)');

/**
 * A currency code of ISO 4217, such as `EUR`, checked against the list: for new input (placing an
 * order). An enum, so that OpenAPI lists the codes a client may send.
 */
export const currencySchema = z.enum(ISO_4217_CURRENCIES, { error: 'expected a currency code of ISO 4217, such as EUR' });

/**
 * A currency code as the log recorded it: checked for its shape only. Events and the commands a
 * saga derives from them carry what was accepted when it was new; a code ISO 4217 withdraws later
 * (HRK became EUR) must not make history unreadable, nor stall an order placed before the change.
 */
export const recordedCurrencySchema = currencyCodeShape;

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

export type Currency = z.infer<typeof recordedCurrencySchema>;
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

/**
 * How many digits of the currency's major unit its minor unit stands for (2 for EUR, 0 for JPY);
 * 2 for a recorded code the list no longer holds, as for most currencies.
 */
export function minorUnitExponent(currency: string): number {
  return minorUnits[currency] ?? 2;
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
