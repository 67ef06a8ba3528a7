import type { AggregateMemory } from './decide-batch';
import { decideBatch } from './decide-batch';
import type { OutcomeRecord } from './outcome';
import { tallyCommand, tallySpec, type TallyState } from './testing/tally';

const NOW = '2026-11-27T10:00:00.000Z';
const record = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const outcomesOf = (records: { value: string }[]) => records.map((r) => JSON.parse(r.value) as OutcomeRecord);

describe('decideBatch', () => {
  it('appends gapless versions per aggregate and answers every command', async () => {
    const decision = await decideBatch(tallySpec, () => undefined, [
      record(tallyCommand('a', 1, { commandId: 'c1' })),
      record(tallyCommand('b', 2, { commandId: 'c2' })),
      record(tallyCommand('a', 3, { commandId: 'c3' })),
    ], NOW);

    const events = decision.events.map((e) => JSON.parse(e.value));
    expect(events.map((e) => [e.aggregateId, e.aggregateVersion, e.commandId, e.causationId, e.occurredAt])).toEqual([
      ['a', 1, 'c1', 'c1', NOW],
      ['b', 1, 'c2', 'c2', NOW],
      ['a', 2, 'c3', 'c3', NOW],
    ]);
    expect(outcomesOf(decision.outcomes).map((o) => o.reply)).toEqual([
      { status: 'accepted', commandId: 'c1', aggregateId: 'a', version: 1 },
      { status: 'accepted', commandId: 'c2', aggregateId: 'b', version: 1 },
      { status: 'accepted', commandId: 'c3', aggregateId: 'a', version: 2 },
    ]);
    expect(decision.touched.get('a')).toMatchObject({ version: 2, state: { total: 4, count: 2 } });
  });

  it('answers a repeated command id with its first outcome and appends nothing', async () => {
    const decision = await decideBatch(tallySpec, () => undefined, [
      record(tallyCommand('a', 1, { commandId: 'same' })),
      record(tallyCommand('a', 50, { commandId: 'same' })),
    ], NOW);
    expect(decision.events).toHaveLength(1);
    const [first, second] = outcomesOf(decision.outcomes);
    expect(second).toEqual(first);
  });

  it('remembers outcomes across batches through the memory it is given', async () => {
    const first = await decideBatch(tallySpec, () => undefined, [record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW);
    const again = await decideBatch(tallySpec, (id) => first.touched.get(id), [record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW);
    expect(again.events).toEqual([]);
    expect(outcomesOf(again.outcomes)[0]?.reply).toEqual({ status: 'accepted', commandId: 'c1', aggregateId: 'a', version: 1 });
  });

  it('refuses a command whose expected version is not the current one', async () => {
    const memory: AggregateMemory<TallyState> = { version: 3, state: { total: 3, count: 3 }, outcomes: new Map() };
    const decision = await decideBatch(tallySpec, () => memory, [record(tallyCommand('a', 1, { commandId: 'c9', expectedVersion: 2 }))], NOW);
    expect(decision.events).toEqual([]);
    expect(outcomesOf(decision.outcomes)[0]?.reply).toEqual({ status: 'conflict', commandId: 'c9', aggregateId: 'a', expectedVersion: 2, actualVersion: 3 });
  });

  it('passes on a business refusal with its code', async () => {
    const decision = await decideBatch(tallySpec, () => undefined, [record(tallyCommand('a', 101, { commandId: 'big' }))], NOW);
    expect(decision.events).toEqual([]);
    expect(outcomesOf(decision.outcomes)[0]?.reply).toMatchObject({ status: 'refused', code: 'limit_exceeded', version: 0 });
  });

  it('rejects a malformed command naming the field at fault, and skips what is not a command', async () => {
    const decision = await decideBatch(tallySpec, () => undefined, [
      record({ ...tallyCommand('a', 1, { commandId: 'bad' }), data: { amount: 1.5 } }),
      record('not json'),
      null,
    ], NOW);
    expect(outcomesOf(decision.outcomes).map((o) => o.reply)).toEqual([
      { status: 'rejected', commandId: 'bad', aggregateId: 'a', path: 'data.amount', reason: expect.stringContaining('data.amount') },
    ]);
    expect(decision.undecodable.map((u) => u.index)).toEqual([1, 2]);
  });

  it('gives the events of the same command the same ids every time it is decided', async () => {
    const decide = async () => (await decideBatch(tallySpec, () => undefined, [record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW)).events;
    expect(await decide()).toEqual(await decide());
  });

  it('answers a look-up with the outcome it remembers, or unknown', async () => {
    const first = await decideBatch(tallySpec, () => undefined, [record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW);
    const lookup = (target: string) => ({ commandId: `$lookup/${target}`, type: '$lookup', aggregateId: 'a', data: { commandId: target } });
    const decision = await decideBatch(tallySpec, (id) => first.touched.get(id), [record(lookup('c1')), record(lookup('never-sent'))], NOW);
    expect(outcomesOf(decision.outcomes)).toEqual([
      { requestId: '$lookup/c1', reply: { status: 'accepted', commandId: 'c1', aggregateId: 'a', version: 1 } },
      { requestId: '$lookup/never-sent', reply: { status: 'unknown', commandId: 'never-sent', aggregateId: 'a' } },
    ]);
    expect(decision.events).toEqual([]);
  });

  it('answers a state read with the version and state after the commands before it', async () => {
    const decision = await decideBatch(tallySpec, () => undefined, [
      record(tallyCommand('a', 4, { commandId: 'c1' })),
      record({ commandId: '$read/1', type: '$read', aggregateId: 'a', data: {} }),
      record({ commandId: '$read/2', type: '$read', aggregateId: 'never', data: {} }),
    ], NOW);
    expect(outcomesOf(decision.outcomes).slice(1)).toEqual([
      { requestId: '$read/1', reply: { status: 'state', aggregateId: 'a', version: 1, state: { total: 4, count: 1 } } },
      { requestId: '$read/2', reply: { status: 'state', aggregateId: 'never', version: 0, state: { total: 0, count: 0 } } },
    ]);
  });
});
