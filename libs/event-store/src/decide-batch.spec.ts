import type { AggregateMemory, EventStoreSpec } from './decide-batch';
import { decideBatch, forgetExpired } from './decide-batch';
import type { OutcomeRecord } from './outcome';
import { tallyCommand, tallyDecider, tallySpec, type TallyCommand, type TallyEvent, type TallyState } from './testing/tally';

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
    // the same answers by record, for callers waiting in-process
    expect(decision.replies).toEqual(outcomesOf(decision.outcomes).map((o) => o.reply));
  });

  it('answers a repeated command id with its first outcome and appends nothing', async () => {
    const decision = await decideBatch(tallySpec, () => undefined, [
      record(tallyCommand('a', 1, { commandId: 'same' })),
      record(tallyCommand('a', 1, { commandId: 'same' })),
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

  it('lists the outcomes it decided, with when, for the store to remember; repeats and look-ups add none', async () => {
    const decision = await decideBatch(tallySpec, () => undefined, [
      record(tallyCommand('a', 1, { commandId: 'c1' })),
      record(tallyCommand('a', 1, { commandId: 'c1' })),
      record(tallyCommand('b', 101, { commandId: 'c2' })),
    ], NOW);
    expect(decision.remembered.map(({ aggregateId, commandId, outcome, at }) => [aggregateId, commandId, outcome.status, at])).toEqual([
      ['a', 'c1', 'accepted', Date.parse(NOW)],
      ['b', 'c2', 'refused', Date.parse(NOW)],
    ]);
  });

  it('decides a command id again once its outcome is past the idempotency window, and not before', async () => {
    const first = await decideBatch(tallySpec, () => undefined, [record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW);
    const decidedAt = Date.parse(NOW);
    const within = await decideBatch(tallySpec, (id) => forgetExpired(first.touched.get(id)!, decidedAt), [record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW);
    expect(within.events).toEqual([]);
    const after = await decideBatch(tallySpec, (id) => forgetExpired(first.touched.get(id)!, decidedAt + 1), [record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW);
    expect(outcomesOf(after.outcomes).map((o) => o.reply)).toEqual([{ status: 'accepted', commandId: 'c1', aggregateId: 'a', version: 2 }]);
  });

  it('forgets only the outcomes older than the window, and keeps the memory as it is when none are', () => {
    const outcome = (commandId: string) => ({ status: 'accepted' as const, commandId, aggregateId: 'a', version: 1 });
    const memory: AggregateMemory<TallyState> = {
      version: 2,
      state: { total: 2, count: 2 },
      outcomes: new Map([['old', { outcome: outcome('old'), at: 100 }], ['new', { outcome: outcome('new'), at: 200 }]]),
    };
    expect(forgetExpired(memory, 100)).toBe(memory);
    expect([...forgetExpired(memory, 150).outcomes.keys()]).toEqual(['new']);
    expect(forgetExpired(memory, 150)).toMatchObject({ version: 2, state: { total: 2, count: 2 } });
    expect(forgetExpired(memory, 201).outcomes.size).toBe(0);
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
    expect(decision.replies.map((reply) => reply?.status)).toEqual(['rejected', undefined, undefined]);
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

  describe('an Idempotency-Key used again', () => {
    it('answers the same request sent again with its first outcome, though it was issued at another time', async () => {
      const first = await decideBatch(tallySpec, () => undefined, [record(tallyCommand('a', 1, { commandId: 'k', issuedAt: '2026-11-27T10:00:00.000Z' }))], NOW);
      const again = await decideBatch(tallySpec, (id) => first.touched.get(id), [record(tallyCommand('a', 1, { commandId: 'k', issuedAt: '2026-11-27T10:05:00.000Z' }))], NOW);
      expect(again.events).toEqual([]);
      expect(outcomesOf(again.outcomes).map((o) => o.reply)).toEqual([{ status: 'accepted', commandId: 'k', aggregateId: 'a', version: 1 }]);
    });

    it.each<[string, Partial<TallyCommand>]>([
      ['another body', { data: { amount: 2 } }],
      ['another expected version', { expectedVersion: 1 }],
      ['another type', { type: 'Tally2' as 'Tally' }],
    ])('answers a different request under a used command id "reused", appends nothing and remembers nothing (%s)', async (_case, change) => {
      const first = await decideBatch(tallySpec, () => undefined, [record(tallyCommand('a', 1, { commandId: 'k' }))], NOW);
      const decision = await decideBatch(tallySpec, (id) => first.touched.get(id), [record(tallyCommand('a', 1, { commandId: 'k', ...change }))], NOW);
      expect(decision.events).toEqual([]);
      expect(outcomesOf(decision.outcomes).map((o) => o.reply)).toEqual([{ status: 'reused', commandId: 'k', aggregateId: 'a' }]);
      // the first outcome stays what the key answers
      const later = await decideBatch(tallySpec, (id) => decision.touched.get(id) ?? first.touched.get(id), [record(tallyCommand('a', 1, { commandId: 'k' }))], NOW);
      expect(outcomesOf(later.outcomes).map((o) => o.reply)).toEqual([{ status: 'accepted', commandId: 'k', aggregateId: 'a', version: 1 }]);
    });

    it('tells a reused id from a repeat within one batch too, and marks each reply with its own request', async () => {
      const decision = await decideBatch(tallySpec, () => undefined, [
        record(tallyCommand('a', 1, { commandId: 'k' })),
        record(tallyCommand('a', 5, { commandId: 'k' })),
        record(tallyCommand('a', 1, { commandId: 'k' })),
      ], NOW);
      expect(decision.events).toHaveLength(1);
      const [first, reused, repeat] = outcomesOf(decision.outcomes);
      expect([first?.reply.status, reused?.reply.status, repeat?.reply.status]).toEqual(['accepted', 'reused', 'accepted']);
      // a caller waits for its own request's answer: the fingerprint says which request a reply is for
      expect(first?.fingerprint).toEqual(repeat?.fingerprint);
      expect(reused?.fingerprint).not.toEqual(first?.fingerprint);
    });

    it('treats an outcome remembered without a fingerprint (written before there were any) as matching', async () => {
      const memory: AggregateMemory<TallyState> = {
        version: 1,
        state: { total: 1, count: 1 },
        outcomes: new Map([['old', { outcome: { status: 'accepted', commandId: 'old', aggregateId: 'a', version: 1 }, at: Date.parse(NOW) }]]),
      };
      const decision = await decideBatch(tallySpec, () => memory, [record(tallyCommand('a', 7, { commandId: 'old' }))], NOW);
      expect(decision.events).toEqual([]);
      expect(outcomesOf(decision.outcomes).map((o) => o.reply)).toEqual([{ status: 'accepted', commandId: 'old', aggregateId: 'a', version: 1 }]);
    });
  });

  describe('a decider that throws', () => {
    // throws in decide for 13, and in evolve for 17: a bug in one command's handling
    const buggy: EventStoreSpec<TallyCommand, TallyEvent, TallyState> = {
      ...tallySpec,
      decider: {
        ...tallyDecider,
        decide: (command, state) => {
          if (command.data.amount === 13) throw new Error('unlucky number');
          return tallyDecider.decide(command, state);
        },
        evolve: (state, event) => {
          if (event.data.amount === 17) throw new Error('cannot fold 17');
          return tallyDecider.evolve(state, event);
        },
      },
    };

    it('answers that command with a definite failure, appends nothing for it, and decides the commands after it', async () => {
      const decision = await decideBatch(buggy, () => undefined, [
        record(tallyCommand('a', 1, { commandId: 'c1' })),
        record(tallyCommand('a', 13, { commandId: 'c13' })),
        record(tallyCommand('a', 17, { commandId: 'c17' })),
        record(tallyCommand('a', 2, { commandId: 'c2' })),
        record(tallyCommand('b', 3, { commandId: 'c3' })),
      ], NOW);
      expect(outcomesOf(decision.outcomes).map((o) => o.reply)).toEqual([
        { status: 'accepted', commandId: 'c1', aggregateId: 'a', version: 1 },
        { status: 'failed', commandId: 'c13', aggregateId: 'a', version: 1, reason: 'decide threw: unlucky number' },
        { status: 'failed', commandId: 'c17', aggregateId: 'a', version: 1, reason: 'evolve threw: cannot fold 17' },
        { status: 'accepted', commandId: 'c2', aggregateId: 'a', version: 2 },
        { status: 'accepted', commandId: 'c3', aggregateId: 'b', version: 1 },
      ]);
      expect(decision.events.map((e) => JSON.parse(e.value).commandId)).toEqual(['c1', 'c2', 'c3']);
      expect(decision.touched.get('a')).toMatchObject({ version: 2, state: { total: 3, count: 2 } });
      // told to the caller, to be logged with the aggregate
      expect(decision.failed).toEqual([
        { index: 1, commandId: 'c13', aggregateId: 'a', error: expect.objectContaining({ message: 'unlucky number' }) },
        { index: 2, commandId: 'c17', aggregateId: 'a', error: expect.objectContaining({ message: 'cannot fold 17' }) },
      ]);
    });

    it('remembers the failure: the same command sent again gets it again and is not decided again', async () => {
      const first = await decideBatch(buggy, () => undefined, [record(tallyCommand('a', 13, { commandId: 'c13' }))], NOW);
      const again = await decideBatch(tallySpec, (id) => first.touched.get(id), [record(tallyCommand('a', 13, { commandId: 'c13' }))], NOW);
      expect(again.events).toEqual([]);
      expect(outcomesOf(again.outcomes)[0]?.reply).toMatchObject({ status: 'failed', commandId: 'c13' });
    });

    it('answers a decide that never settles with a failure once its deadline passes', async () => {
      const stuck: EventStoreSpec<TallyCommand, TallyEvent, TallyState> = {
        ...tallySpec,
        decider: { ...tallyDecider, decide: (command, state) => (command.data.amount === 13 ? new Promise(() => undefined) : tallyDecider.decide(command, state)) },
      };
      const decision = await decideBatch(stuck, () => undefined, [record(tallyCommand('a', 13, { commandId: 'c13' })), record(tallyCommand('a', 1, { commandId: 'c1' }))], NOW, { decideWithinMs: 50 });
      expect(outcomesOf(decision.outcomes).map((o) => o.reply)).toEqual([
        { status: 'failed', commandId: 'c13', aggregateId: 'a', version: 0, reason: 'decide did not settle within 50 ms' },
        { status: 'accepted', commandId: 'c1', aggregateId: 'a', version: 1 },
      ]);
    });
  });
});
