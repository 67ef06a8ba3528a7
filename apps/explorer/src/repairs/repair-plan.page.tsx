import { useState } from 'react';
import { errorText, queryApi } from '../api/query-api.client';
import type { RepairPlanDetail } from '../api/query-api.types';
import { routeHref } from '../routing/route';
import { formatInstant } from '../shared/format';
import { StatusBadge } from '../shared/status-badge.view';
import { usePolling } from '../shared/use-polling';
import { canApply, entryMoneyText, holdsText, moneyText, progressPercent, resultText } from './repair-text';

/**
 * One plan: what it read, what it would correct and leave, and — once applied — what became of each
 * correction. `mayOpenOrders`: whether the caller's roles open an order's page; an admin's alone do
 * not (orders hold addresses), so the plan names its orders without links that would be refused.
 */
export function RepairPlanPage({ planId, mayOpenOrders }: { planId: string; mayOpenOrders: boolean }) {
  const plan = usePolling(() => queryApi.repairPlan(planId), 1000, planId);
  const [outcome, setOutcome] = useState<string | undefined>(undefined);
  const apply = async () => {
    try {
      await queryApi.applyRepairPlan(planId);
      setOutcome(undefined);
    } catch (caught) {
      setOutcome(errorText(caught));
    }
    plan.refresh();
  };
  const detail = plan.value?.body;
  return (
    <section>
      <h1>
        Repair plan <span className="mono">{planId}</span>
      </h1>
      <p>
        <a href={routeHref({ page: 'repairs' })}>all repairs</a>
      </p>
      {plan.error !== undefined && <p className="error">{plan.error}</p>}
      {detail !== undefined && <PlanDetail plan={detail} mayOpenOrders={mayOpenOrders} onApply={() => void apply()} />}
      {outcome !== undefined && <p className="error">{outcome}</p>}
    </section>
  );
}

function PlanDetail({ plan, mayOpenOrders, onApply }: { plan: RepairPlanDetail; mayOpenOrders: boolean; onApply: () => void }) {
  const busy = plan.status === 'planning' || plan.status === 'applying';
  return (
    <>
      <dl className="summary">
        <dt>repair</dt>
        <dd>
          {plan.repair} <span className="meta">{plan.summary}</span>
        </dd>
        <dt>parameters</dt>
        <dd className="mono">{Object.entries(plan.params).map(([name, value]) => `${name}=${value}`).join(' ')}</dd>
        <dt>status</dt>
        <dd data-testid="plan-status">
          <StatusBadge status={plan.status} />
          {busy && (
            <>
              {' '}
              <progress max={100} value={progressPercent(plan.progress)} /> {plan.progress.done}/{plan.progress.total}{' '}
              {plan.status === 'planning' ? 'records read' : 'corrections'}
            </>
          )}
          {plan.error !== undefined && <span className="error"> {plan.error}</span>}
        </dd>
        <dt>read</dt>
        <dd>
          {plan.read.records} records of <span className="mono">{plan.topic}</span> ({plan.read.aggregates} aggregates), made {formatInstant(plan.createdAt)} UTC
        </dd>
        <dt>totals</dt>
        <dd data-testid="plan-totals">
          {plan.totals.corrections} to correct · {plan.totals.left} left as they are · {plan.totals.unreadable} unreadable · {moneyText(plan.totals.money)}
        </dd>
        {plan.application !== undefined && (
          <>
            <dt>applied</dt>
            <dd data-testid="plan-application">
              {Object.entries(plan.application.counts).filter(([, count]) => count > 0).map(([status, count]) => `${status} ${count}`).join(', ') || 'starting'} · from{' '}
              {formatInstant(plan.application.startedAt)}
              {plan.application.finishedAt !== undefined && ` to ${formatInstant(plan.application.finishedAt)}`} UTC
            </dd>
          </>
        )}
      </dl>
      <div className="actions">
        <button type="button" disabled={!canApply(plan.status) || plan.entries.length === 0} onClick={onApply}>
          {plan.status === 'planned' ? `Apply ${plan.entries.length} corrections` : 'Apply again'}
        </button>
        <span className="meta">each with the version the plan saw: an order changed since is skipped, not corrected blind</span>
      </div>

      <h2>To correct</h2>
      {!mayOpenOrders && (
        <p className="meta" data-testid="order-pages">
          The orders’ own pages are for operators: open them with an operator’s token.
        </p>
      )}
      <table className="repairs" data-testid="plan-entries">
        <thead>
          <tr>
            <th>order</th>
            <th className="number">version seen</th>
            <th>holds</th>
            <th>correction</th>
            <th>money</th>
            <th>result</th>
          </tr>
        </thead>
        <tbody>
          {plan.entries.map((entry) => (
            <tr key={entry.aggregateId} data-aggregate={entry.aggregateId}>
              <td className="mono">
                <OrderRef orderId={entry.aggregateId} link={mayOpenOrders} />
              </td>
              <td className="number">{entry.version}</td>
              <td className="mono">{holdsText(entry.holds)}</td>
              <td>
                {entry.correction.type} <span className="meta">{entry.note}</span>
              </td>
              <td>{entryMoneyText(entry.money)}</td>
              <td data-testid="entry-result">
                {entry.result === undefined ? (
                  <span className="meta">not applied</span>
                ) : (
                  <>
                    <StatusBadge status={entry.result.status} /> <span className="meta">{resultText(entry.result)}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.left.length > 0 && (
        <>
          <h2>Left as they are</h2>
          <table className="repairs" data-testid="plan-left">
            <tbody>
              {plan.left.map((left) => (
                <tr key={left.aggregateId} data-aggregate={left.aggregateId}>
                  <td className="mono">
                    <OrderRef orderId={left.aggregateId} link={mayOpenOrders} />
                  </td>
                  <td className="mono">{holdsText(left.holds)}</td>
                  <td>{left.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {plan.unreadable.length > 0 && (
        <>
          <h2>Unreadable histories</h2>
          <table className="repairs">
            <tbody>
              {plan.unreadable.map((unreadable) => (
                <tr key={unreadable.aggregateId}>
                  <td className="mono">{unreadable.aggregateId}</td>
                  <td className="error">{unreadable.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** An order the plan names: a link to its page for a caller who may open it, its id alone for one who may not. */
const OrderRef = ({ orderId, link }: { orderId: string; link: boolean }) => (link ? <a href={routeHref({ page: 'order', orderId })}>{orderId}</a> : <>{orderId}</>);
