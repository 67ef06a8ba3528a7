import type { CommandEnvelope } from '@rewind/contracts';
import type { CommandOutcome, CommandReply, PendingCommand } from '@rewind/event-store';
import { applyPlan, describeResult, type CommandSender, type EntryResult } from './apply';
import { commandIdOf, type PlanEntry, type RepairPlan } from './plan';

const planId = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const entry = (aggregateId: string, version: number): PlanEntry => ({
  aggregateId,
  version,
  commandId: commandIdOf(planId, aggregateId),
  correction: { type: 'RepriceOrderLines', data: { corrects: '00000000-0000-4000-8000-000000000001', reason: 'r', lines: [{ line: 0, sku: 'MUG', unitPriceCents: 1150 }] } },
  holds: {},
  note: '',
});
const plan = (entries: PlanEntry[]) => ({ planId, entries }) as unknown as RepairPlan;

/**
 * The part of an aggregate's owner that applying relies on, in memory: versions, the expected
 * version check, and the idempotency memory of outcomes by command id.
 */
class Owners implements CommandSender {
  readonly outcomes = new Map<string, CommandOutcome>();
  sent = 0;
  constructor(readonly versions: Map<string, number>) {}

  async send(command: CommandEnvelope): Promise<CommandOutcome | PendingCommand> {
    this.sent += 1;
    const { commandId, aggregateId, expectedVersion } = command;
    const known = this.outcomes.get(commandId);
    if (known) return known;
    const version = this.versions.get(aggregateId) ?? 0;
    const outcome: CommandOutcome =
      expectedVersion !== undefined && expectedVersion !== version
        ? { status: 'conflict', commandId, aggregateId, expectedVersion, actualVersion: version }
        : { status: 'accepted', commandId, aggregateId, version: version + 1 };
    if (outcome.status === 'accepted') this.versions.set(aggregateId, outcome.version);
    this.outcomes.set(commandId, outcome);
    return outcome;
  }

  async lookUp(aggregateId: string, commandId: string): Promise<CommandReply> {
    return this.outcomes.get(commandId) ?? { status: 'unknown', commandId, aggregateId };
  }
}

describe('applying a plan', () => {
  const entries = [entry('a', 2), entry('b', 2), entry('c', 5)];

  it('corrects each aggregate at the version the plan saw, and skips one that changed since', async () => {
    const owners = new Owners(new Map([['a', 2], ['b', 2], ['c', 6]]));
    const results: [string, EntryResult][] = [];
    const summary = await applyPlan(plan(entries), owners, { onResult: (e, result) => results.push([e.aggregateId, result]) });
    expect(new Map(results)).toEqual(
      new Map<string, EntryResult>([
        ['a', { status: 'corrected', version: 3 }],
        ['b', { status: 'corrected', version: 3 }],
        ['c', { status: 'changed', planVersion: 5, version: 6 }],
      ]),
    );
    expect(summary).toMatchObject({ counts: { corrected: 2, changed: 1 }, notStarted: 0, complete: false });
  });

  it('corrects nothing twice when run again, or resumed: what was applied before is reported so', async () => {
    const owners = new Owners(new Map([['a', 2], ['b', 2], ['c', 5]]));
    // a first run that stopped after one correction
    await applyPlan(plan(entries.slice(0, 1)), owners);
    const sentBefore = owners.sent;
    const results: string[] = [];
    const summary = await applyPlan(plan(entries), owners, { concurrency: 1, onResult: (e, result) => results.push(`${e.aggregateId} ${result.status}`) });
    expect(results).toEqual(['a already-corrected', 'b corrected', 'c corrected']);
    expect(owners.sent - sentBefore).toBe(2);
    expect(summary.complete).toBe(true);
    const again = await applyPlan(plan(entries), owners);
    expect(again.counts).toMatchObject({ 'already-corrected': 3, corrected: 0 });
    expect(owners.versions).toEqual(new Map([['a', 3], ['b', 3], ['c', 6]]));
  });

  it('starts nothing more once asked to stop', async () => {
    const owners = new Owners(new Map([['a', 2], ['b', 2], ['c', 5]]));
    let stop = () => undefined as void;
    const stopRequested = new Promise<void>((resolve) => (stop = resolve));
    const summary = await applyPlan(plan(entries), owners, { concurrency: 1, stopRequested, onResult: () => stop() });
    expect(summary).toMatchObject({ notStarted: 2, complete: false, counts: { corrected: 1 } });
  });

  it('says what became of each entry in a line', () => {
    expect(describeResult(entry('a', 2), { status: 'changed', planVersion: 2, version: 4 })).toBe('skipped: changed   a  it is at version 4, the plan saw 2: plan again');
  });
});
