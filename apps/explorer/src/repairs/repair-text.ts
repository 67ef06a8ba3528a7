import type { RepairKind, RepairPlanStatus, RepairPlanSummary, RepairResult } from '../api/query-api.types';
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
