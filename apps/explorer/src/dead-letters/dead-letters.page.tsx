import { useState } from 'react';
import { errorText, queryApi } from '../api/query-api.client';
import { navigate } from '../routing/use-route';
import { formatInstant } from '../shared/format';
import { usePolling } from '../shared/use-polling';
import { groupDeadLetters, letterValueText, type DeadLetterGroup } from './dead-letter-groups';

/** What the consumers gave up on, each with its reason, and the keys they hold behind it; replay after a fix. */
export function DeadLettersPage({ consumer }: { consumer: string }) {
  return (
    <section>
      <h1>Dead letters</h1>
      <p className="meta">
        A record a consumer could not handle goes to the dead-letter topic with its reason, and the later records of its key wait behind it
        while other keys flow on. After a fix, a replay asks the consumer to handle them again (docs/reliability.md).
      </p>
      <DeadLetterList key={consumer} consumer={consumer} />
    </section>
  );
}

function DeadLetterList({ consumer }: { consumer: string }) {
  const list = usePolling(() => queryApi.deadLetters(consumer), 3000, consumer);
  const [draft, setDraft] = useState(consumer);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const replay = async (group: DeadLetterGroup) => {
    try {
      const answer = (await queryApi.replay(group.consumer, group.key ?? undefined)).body;
      const letters = answer.keys.reduce((sum, key) => sum + key.letters, 0);
      setOutcome({ ok: true, text: `replay requested: ${answer.consumer} handles ${letters} letter(s) of ${answer.keys.map((key) => key.key).join(', ')} again` });
    } catch (error) {
      setOutcome({ ok: false, text: errorText(error) });
    }
    list.refresh();
  };
  const groups = groupDeadLetters(list.value?.body.deadLetters ?? []);

  return (
    <>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          navigate({ page: 'dead-letters', consumer: draft.trim() });
        }}
      >
        <label>
          consumer <input name="consumer" placeholder="projection.orders.g1" value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {list.error !== undefined && <p className="error">{list.error}</p>}
      {outcome !== undefined && (
        <p className={outcome.ok ? 'outcome' : 'outcome error'} data-testid="outcome">
          {outcome.text}
        </p>
      )}
      {list.value !== undefined && (
        <p className="meta">
          {list.value.body.total} dead letter(s){list.value.body.total > list.value.body.deadLetters.length ? `, ${list.value.body.deadLetters.length} shown` : ''}
        </p>
      )}
      {groups.map((group) => (
        <article key={`${group.consumer}|${group.key ?? ''}`} className="card" data-consumer={group.consumer} data-key={group.key ?? ''}>
          <h2>
            <span className="mono">{group.consumer}</span> · key <span className="mono">{group.key ?? '(none)'}</span>
          </h2>
          <div className="actions">
            <button type="button" onClick={() => void replay(group)}>
              Replay
            </button>
            {group.replayRequested && <span className="badge badge-rebuilding">replay requested</span>}
          </div>
          <table className="letters">
            <thead>
              <tr>
                <th>at (UTC)</th>
                <th>reason</th>
                <th>source</th>
                <th>value</th>
              </tr>
            </thead>
            <tbody>
              {group.letters.map((letter) => (
                <tr key={letter.id}>
                  <td className="mono">{formatInstant(letter.at)}</td>
                  <td className="reason">
                    {letter.heldBehind !== undefined ? `held behind ${letter.heldBehind.topic}/${letter.heldBehind.partition}@${letter.heldBehind.offset}: ` : ''}
                    {letter.reason}
                  </td>
                  <td className="mono">
                    {letter.source.topic}/{letter.source.partition}@{letter.source.offset}
                  </td>
                  <td>
                    <details>
                      <summary>{letter.id}</summary>
                      <pre>{letterValueText(letter)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
      {list.value !== undefined && groups.length === 0 && <p className="meta">No dead letters{consumer === '' ? '' : ` of ${consumer}`}.</p>}
    </>
  );
}
