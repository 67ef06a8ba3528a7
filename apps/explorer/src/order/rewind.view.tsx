import { queryApi } from '../api/query-api.client';
import { navigate } from '../routing/use-route';
import { actorText, formatInstant } from '../shared/format';
import { StatusBadge } from '../shared/status-badge.view';
import { useLoaded } from '../shared/use-polling';
import { diffStates, valueText, type StateChange } from './state-diff';

/**
 * The order aggregate as it was at a version, folded by the query API with the order service's own
 * `evolve`, and what that version changed. The version is in the page's address, so a rewound
 * order can be linked to.
 */
export function RewindPanel({ orderId, lastVersion, version }: { orderId: string; lastVersion: number; version: number }) {
  const goTo = (next: number) => navigate({ page: 'order', orderId, version: Math.min(Math.max(next, 1), lastVersion) });
  const current = useLoaded(() => queryApi.state(orderId, version), `${orderId}@${version}`);
  const previous = useLoaded(async () => (version > 1 ? (await queryApi.state(orderId, version - 1)).body.state : {}), `${orderId}@${version - 1}`);
  const state = current.value?.body;
  const status = typeof state?.state['status'] === 'string' ? state.state['status'] : undefined;

  return (
    <div className="rewind">
      <div className="stepper">
        <button type="button" aria-label="first version" disabled={version <= 1} onClick={() => goTo(1)}>
          ◀◀
        </button>
        <button type="button" aria-label="previous version" disabled={version <= 1} onClick={() => goTo(version - 1)}>
          ◀
        </button>
        <input type="range" aria-label="version" min={1} max={lastVersion} step={1} value={version} onChange={(event) => goTo(Number(event.target.value))} />
        <button type="button" aria-label="next version" disabled={version >= lastVersion} onClick={() => goTo(version + 1)}>
          ▶
        </button>
        <button type="button" aria-label="last version" disabled={version >= lastVersion} onClick={() => goTo(lastVersion)}>
          ▶▶
        </button>
        <span data-testid="rewind-version">
          version {version} of {lastVersion}
        </span>
      </div>
      {current.error !== undefined && <p className="error">{current.error}</p>}
      {state !== undefined && (
        <div className="rewind-body">
          <div>
            <h3>
              State at version {state.version} <span data-testid="rewind-status">{status !== undefined && <StatusBadge status={status} />}</span>
            </h3>
            <p className="meta" data-testid="rewind-actor">
              as of {formatInstant(state.occurredAt)} UTC, by {actorText(state.actor)}
            </p>
            {state.correctedLater !== undefined && (
              <p className="notice" data-testid="corrected-later">
                Corrected later:{' '}
                {state.correctedLater.map((mark) => `${mark.type} at version ${mark.version}${mark.reason === undefined ? '' : ` (“${mark.reason}”)`}`).join('; ')}. This is the
                state as it was, facts since corrected included.
              </p>
            )}
            {state.corrections !== undefined && (
              <p className="meta" data-testid="corrections-folded">
                Corrections folded in: {state.corrections.map((mark) => `${mark.type} at version ${mark.version} by ${actorText(mark.actor)}`).join('; ')}
              </p>
            )}
            <pre className="state">{JSON.stringify(state.state, null, 2)}</pre>
          </div>
          <div>
            <h3>{version === 1 ? 'Version 1 against nothing' : `Changes from version ${version - 1}`}</h3>
            {previous.value !== undefined && <ChangeTable changes={diffStates(previous.value, state.state)} />}
          </div>
        </div>
      )}
    </div>
  );
}

function ChangeTable({ changes }: { changes: readonly StateChange[] }) {
  if (changes.length === 0) return <p className="meta">No change.</p>;
  return (
    <table className="changes">
      <thead>
        <tr>
          <th>field</th>
          <th>before</th>
          <th>after</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path} className={`change-${change.kind}`}>
            <td className="mono">{change.path}</td>
            <td className="mono">{change.kind === 'added' ? '' : valueText(change.before)}</td>
            <td className="mono">{change.kind === 'removed' ? '' : valueText(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
