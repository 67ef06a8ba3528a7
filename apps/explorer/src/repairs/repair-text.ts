import type { RepairPlanDetail, RepairKind, RepairPlanStatus, RepairPlanSummary, RepairResult } from '../api/query-api.types';
import { formatMoney } from '../shared/format';

/** A repair's parameters as form fields, from the JSON schema the query API gives: in its order, the required first as given. */
export function paramFields(kind: RepairKind): { name: string; required: boolean; description?: string }[] {
  const required = new Set(kind.params.required ?? []);
  return Object.entries(kind.params.properties ?? {}).map(([name, schema]) => {
    // JSON Schema allows `true` for a property that takes anything: it has no description
    const description = typeof schema === 'object' ? schema.description : undefined;
    return { name, required: required.has(name), ...(description === undefined ? {} : { description }) };
  });
}

/** Pure: the money a plan moves, `€4.00 back to customers`, for each currency. */
export function moneyText(money: RepairPlanSummary['totals']['money']): string {
  if (money.length === 0) return 'no money moves';
  return money
    .map(({ currency, refundCents, chargeCents }) =>
      [refundCents > 0 ? `${formatMoney(refundCents, currency)} back to customers` : '', chargeCents > 0 ? `${formatMoney(chargeCents, currency)} more to charge` : '']
        .filter(Boolean)
        .join(', '),
    )
    .join('; ');
}

/** Pure: the money one correction moves, `€3.00 back to the customer`; the API's sign (negative: back) in words. */
export function entryMoneyText(money: RepairPlanDetail['entries'][number]['money']): string {
  if (money === undefined) return '';
  if (money.cents === 0) return 'no money moves';
  return money.cents < 0 ? `${formatMoney(-money.cents, money.currency)} back to the customer` : `${formatMoney(money.cents, money.currency)} more to charge`;
}

/**
 * Pure: what an aggregate holds, in one line, for a reviewer: `status confirmed · total €75.50 ·
 * 3 × TEAPOT at €12.50`. A repair says what it holds in its own shape; amounts in minor units
 * (`…Cents`) read as money in the currency it holds, and order lines (the facts a repricing
 * corrects) as lines. Nothing it holds is left out.
 */
export function holdsText(holds: Readonly<Record<string, unknown>>): string {
  const currency = typeof holds['currency'] === 'string' ? holds['currency'] : undefined;
  const parts = Object.entries(holds).flatMap(([name, value]) => partsOf(name, value, currency));
  // the currency is said by every amount; alone, it is a fact of its own
  const saysCurrency = parts.some((part) => part.money);
  return parts
    .filter((part) => !(saysCurrency && part.name === 'currency'))
    .map((part) => part.text)
    .join(' · ');
}

type Part = { readonly name: string; readonly text: string; readonly money: boolean };

function partsOf(name: string, value: unknown, currency: string | undefined): Part[] {
  if (Array.isArray(value)) return value.flatMap((item) => partsOf(name, item, currency));
  if (isLine(value)) return [{ name, text: `${value.quantity} × ${value.sku} at ${formatMoney(value.unitPriceCents, currency)}`, money: currency !== undefined }];
  if (typeof value === 'object' && value !== null) {
    const inner = Object.entries(value).flatMap(([key, item]) => partsOf(key, item, currency));
    return [{ name, text: `${name} (${inner.map((part) => part.text).join(', ')})`, money: inner.some((part) => part.money) }];
  }
  if (typeof value === 'number' && name.endsWith('Cents') && currency !== undefined) return [{ name, text: `${name.slice(0, -'Cents'.length)} ${formatMoney(value, currency)}`, money: true }];
  return [{ name, text: `${name} ${String(value)}`, money: false }];
}

const isLine = (value: unknown): value is { sku: string; quantity: number; unitPriceCents: number } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { sku?: unknown }).sku === 'string' &&
  typeof (value as { quantity?: unknown }).quantity === 'number' &&
  typeof (value as { unitPriceCents?: unknown }).unitPriceCents === 'number';

/** Pure: what became of an entry, in words. */
export function resultText(result: RepairResult): string {
  switch (result.status) {
    case 'corrected':
      return `now at version ${result.version}`;
    case 'already-corrected':
      return `by an earlier run, at version ${result.version}`;
    case 'changed':
      return `skipped: at version ${result.version}, the plan saw ${result.planVersion}; plan again`;
    case 'refused':
      return `${result.code}: ${result.message}`;
    case 'rejected':
    case 'failed':
    case 'reused':
      return result.reason;
    case 'pending':
      return 'no answer in time: apply again to learn it';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/** Whether a plan in this state can be applied (again: what was corrected is reported so, not corrected twice). */
export const canApply = (status: RepairPlanStatus): boolean => status === 'planned' || status === 'incomplete' || status === 'applied';

/** Pure: a plan's progress as a percentage, for a <progress>. */
export const progressPercent = ({ done, total }: { done: number; total: number }): number => (total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100)));
