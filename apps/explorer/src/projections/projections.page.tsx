import { useState } from 'react';
import { errorText, queryApi } from '../api/query-api.client';
import type { ProjectionStatus } from '../api/query-api.types';
import { formatInstant } from '../shared/format';
import { StatusBadge } from '../shared/status-badge.view';
import { usePolling } from '../shared/use-polling';
import { barPercent, rebuildText, verifyLines } from './projection-text';

/** Each read model: its live generation, its lag per source partition, a rebuild's progress, and the admin's rebuild and verify. */
export function ProjectionsPage({ mayAct }: { mayAct: boolean }) {
  const projections = usePolling(() => queryApi.projections(), 1000, 'projections');
  return (
    <section>
      <h1>Projections</h1>
      <p className="meta">
        The projector folds the logs into these read models. A rebuild folds a new generation from offset zero beside the live one, and the
        queries flip to it once it has caught up; verify compares the two. Both are an admin's.
      </p>
      {projections.error !== undefined && <p className="error">{projections.error}</p>}
      <div className="cards">
        {projections.value?.body.map((projection) => <ProjectionCard key={projection.name} projection={projection} mayAct={mayAct} onChange={projections.refresh} />)}
      </div>
    </section>
  );
}

function ProjectionCard({ projection, mayAct, onChange }: { projection: ProjectionStatus; mayAct: boolean; onChange: () => void }) {
  const [outcome, setOutcome] = useState<{ ok: boolean; lines: string[] } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<string[]>) => {
    setBusy(true);
    try {
      setOutcome({ ok: true, lines: await action() });
    } catch (error) {
      setOutcome({ ok: false, lines: [errorText(error)] });
    } finally {
      setBusy(false);
      onChange();
    }
  };
  const rebuild = () => act(async () => [`rebuild of generation ${(await queryApi.rebuild(projection.name)).body.rebuild?.generation ?? '?'} recorded; the projector runs it`]);
  const verify = () => act(async () => verifyLines((await queryApi.verify(projection.name)).body));

  return (
    <article className="card" data-projection={projection.name}>
      <h2>
        {projection.name} <StatusBadge status={projection.state} />
      </h2>
      <p>
        live generation <strong data-testid="live-generation">{projection.live}</strong> · lag <strong>{projection.lag.records}</strong> records{' '}
        <span className="meta">measured {formatInstant(projection.lag.measuredAt)} UTC</span>
      </p>
      {projection.rebuild !== undefined && (
        <div className="rebuild" data-testid="rebuild">
          <progress max={100} value={barPercent(projection.rebuild)} />
          <span>
            {barPercent(projection.rebuild)}% · {rebuildText(projection.rebuild)}
          </span>
        </div>
      )}
      <table className="partitions">
        <thead>
          <tr>
            <th>topic</th>
            <th className="number">partition</th>
            <th className="number">position</th>
            <th className="number">end</th>
            <th className="number">lag</th>
          </tr>
        </thead>
        <tbody>
          {projection.lag.partitions.map((partition) => (
            <tr key={`${partition.topic}/${partition.partition}`} className={partition.lag > 0 ? 'behind' : ''}>
              <td className="mono">{partition.topic}</td>
              <td className="number">{partition.partition}</td>
              <td className="number">{partition.position}</td>
              <td className="number">{partition.end}</td>
              <td className="number">{partition.lag}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {projection.retired.length > 0 && (
        <p className="meta">
          retired:{' '}
          {projection.retired.map((retired) => `generation ${retired.generation} (dropped after ${formatInstant(retired.dropAfter)} UTC)`).join(', ')}
        </p>
      )}
      {mayAct && (
        <div className="actions">
          <button type="button" disabled={busy || projection.state === 'rebuilding'} onClick={() => void rebuild()}>
            Rebuild from offset zero
          </button>
          <button type="button" disabled={busy} onClick={() => void verify()}>
            Verify
          </button>
        </div>
      )}
      {outcome !== undefined && (
        <div className={outcome.ok ? 'outcome' : 'outcome error'} data-testid="outcome">
          {outcome.lines.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      )}
    </article>
  );
}
