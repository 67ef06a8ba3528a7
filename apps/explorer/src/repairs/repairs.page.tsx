import { useState } from 'react';
import { errorText, queryApi } from '../api/query-api.client';
import type { RepairKind } from '../api/query-api.types';
import { routeHref } from '../routing/route';
import { navigate } from '../routing/use-route';
import { formatInstant } from '../shared/format';
import { StatusBadge } from '../shared/status-badge.view';
import { useLoaded, usePolling } from '../shared/use-polling';
import { moneyText, paramFields } from './repair-text';

/** Repairs after a bug (docs/corrections.md): make a plan from the log, then review it and apply it on its page. Admin only. */
export function RepairsPage() {
  const kinds = useLoaded(() => queryApi.repairs(), 'repairs');
  const plans = usePolling(() => queryApi.repairPlans(), 2000, 'plans');
  return (
    <section>
      <h1>Repairs</h1>
      <p className="meta">
        A repair reads the log, never the read models, and lists every order a bug touched with the correction it needs. Review the plan, then
        apply it: each correction goes to the order’s own decider with the version the plan saw, so an order that changed since is skipped,
        and applying again corrects nothing twice. The same as <span className="mono">npm run repair</span>.
      </p>
      {kinds.error !== undefined && <p className="error">{kinds.error}</p>}
      {kinds.value !== undefined && kinds.value.body.map((kind) => <PlanForm key={kind.name} kind={kind} />)}
      <h2>Plans</h2>
      {plans.error !== undefined && <p className="error">{plans.error}</p>}
      <table className="repairs">
        <thead>
          <tr>
            <th>made (UTC)</th>
            <th>repair</th>
            <th>parameters</th>
            <th>status</th>
            <th className="number">to correct</th>
            <th className="number">left</th>
            <th>money</th>
          </tr>
        </thead>
        <tbody>
          {(plans.value?.body.plans ?? []).map((plan) => (
            <tr key={plan.planId} data-plan={plan.planId}>
              <td className="mono">
                <a href={routeHref({ page: 'repair-plan', planId: plan.planId })}>{formatInstant(plan.createdAt)}</a>
              </td>
              <td>{plan.repair}</td>
              <td className="mono">{Object.entries(plan.params).map(([name, value]) => `${name}=${value}`).join(' ')}</td>
              <td>
                <StatusBadge status={plan.status} />
              </td>
              <td className="number">{plan.totals.corrections}</td>
              <td className="number">{plan.totals.left}</td>
              <td>{moneyText(plan.totals.money)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PlanForm({ kind }: { kind: RepairKind }) {
  const fields = paramFields(kind);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const params = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
      const plan = (await queryApi.startRepairPlan(kind.name, params)).body;
      navigate({ page: 'repair-plan', planId: plan.planId });
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="repair-form"
      data-repair={kind.name}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div>
        <strong>{kind.name}</strong> <span className="meta">{kind.summary}</span>
      </div>
      {fields.map((field) => (
        <label key={field.name}>
          {field.name}
          {field.required ? '' : ' (optional)'}
          <input name={field.name} title={field.description} placeholder={field.description} value={values[field.name] ?? ''} onChange={(event) => setValues({ ...values, [field.name]: event.target.value })} />
        </label>
      ))}
      <button type="submit" disabled={busy}>
        Make a plan
      </button>
      {error !== undefined && <p className="error">{error}</p>}
    </form>
  );
}
