import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor, CommandEnvelope } from '@rewind/contracts';
import type { CommandOutcome, CommandReply, PendingCommand, ReusedCommand } from '@rewind/event-store';
import { correctionCommand, type PlanEntry, type RepairPlan } from './plan';

/** What applying needs of a service: its command client's `send` and `lookUp`. */
export interface CommandSender {
  send(command: CommandEnvelope): Promise<CommandOutcome | ReusedCommand | PendingCommand>;
  lookUp(aggregateId: string, commandId: string): Promise<CommandReply | PendingCommand>;
}

/** What became of one entry of a plan. */
export type EntryResult =
  /** Corrected now, at this version. */
  | { readonly status: 'corrected'; readonly version: number }
  /** Corrected by an earlier run of this plan (a rerun, or a resume after a crash). */
  | { readonly status: 'already-corrected'; readonly version: number }
  /** The aggregate changed since the plan was made: skipped, nothing sent applies. */
  | { readonly status: 'changed'; readonly planVersion: number; readonly version: number }
  /** Its decider refused the correction (the order was cancelled since, say). */
  | { readonly status: 'refused'; readonly code: string; readonly message: string }
  /** The command was malformed, its handler failed, or its id was used for another command (an edited plan). */
  | { readonly status: 'rejected' | 'failed' | 'reused'; readonly reason: string }
  /** No answer in time, after looking it up again: apply the plan again to learn it. */
  | { readonly status: 'pending' };

export type EntryStatus = EntryResult['status'];

export interface ApplyOptions {
  /** Corrections in flight at once. */
  readonly concurrency?: number;
  /** At most this many corrections started per second: not to crowd out the services' own traffic. */
  readonly maxRatePerSecond?: number;
  /** Told of each entry's result, as it comes. */
  readonly onResult?: (entry: PlanEntry, result: EntryResult) => void;
  /** Resolves when the run should stop: entries in flight finish, no new one starts. */
  readonly stopRequested?: Promise<unknown>;
  /** How many times a pending answer is looked up again before it is reported pending. */
  readonly lookUpAttempts?: number;
  readonly now?: () => string;
  /** Who applies the plan: what the corrections' events record as their actor. */
  readonly actor?: Actor;
}

export interface ApplySummary {
  readonly counts: Readonly<Record<EntryStatus, number>>;
  /** Entries not started because the run was asked to stop. */
  readonly notStarted: number;
  /** Every entry corrected, now or before. */
  readonly complete: boolean;
}

/**
 * Applies a plan: each entry's correction, with the command id the plan derived and the version it
 * saw. What was applied before is looked up first and reported as such, so a rerun, or a resume
 * after a crash, corrects each aggregate once and says so; an aggregate that changed since the plan
 * is refused by its owner (a version conflict) and reported skipped.
 */
export async function applyPlan(plan: RepairPlan, sender: CommandSender, options: ApplyOptions = {}): Promise<ApplySummary> {
  const counts: Record<EntryStatus, number> = { corrected: 0, 'already-corrected': 0, changed: 0, refused: 0, rejected: 0, failed: 0, reused: 0, pending: 0 };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const spacingMs = options.maxRatePerSecond ? 1000 / options.maxRatePerSecond : 0;
  let stopped = false;
  void options.stopRequested?.then(() => (stopped = true));

  let next = 0;
  let lastStart = 0;
  const worker = async () => {
    for (;;) {
      // a turn first: a stop asked for by the last result is seen before the next entry starts
      await Promise.resolve();
      const entry = stopped ? undefined : plan.entries[next++];
      if (!entry) return;
      if (spacingMs > 0) {
        // each start waits for its slot: `lastStart` is claimed before the wait, so workers queue
        const slot = Math.max(Date.now(), lastStart + spacingMs);
        lastStart = slot;
        await sleep(slot - Date.now());
      }
      const result = await applyEntry(plan, entry, sender, options);
      counts[result.status] += 1;
      options.onResult?.(entry, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.entries.length) }, worker));
  const done = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { counts, notStarted: plan.entries.length - done, complete: counts.corrected + counts['already-corrected'] === plan.entries.length };
}

async function applyEntry(plan: RepairPlan, entry: PlanEntry, sender: CommandSender, options: ApplyOptions): Promise<EntryResult> {
  const earlier = await sender.lookUp(entry.aggregateId, entry.commandId);
  if (earlier.status !== 'unknown' && earlier.status !== 'pending') return resultOf(entry, earlier, true);

  const command = correctionCommand(plan, entry, options.now?.() ?? new Date().toISOString(), options.actor);
  let reply: CommandReply | PendingCommand = await sender.send(command);
  // the command may still be applied: its owner answers a look-up behind it in its partition
  for (let attempt = 0; reply.status === 'pending' && attempt < (options.lookUpAttempts ?? 5); attempt++) {
    reply = await sender.lookUp(entry.aggregateId, entry.commandId);
  }
  return resultOf(entry, reply, false);
}

function resultOf(entry: PlanEntry, reply: CommandReply | PendingCommand, earlier: boolean): EntryResult {
  switch (reply.status) {
    case 'accepted':
      return earlier ? { status: 'already-corrected', version: reply.version } : { status: 'corrected', version: reply.version };
    case 'conflict':
      return { status: 'changed', planVersion: entry.version, version: reply.actualVersion };
    case 'refused':
      return { status: 'refused', code: reply.code, message: reply.message };
    case 'rejected':
      return { status: 'rejected', reason: `${reply.path}: ${reply.reason}` };
    case 'failed':
      return { status: 'failed', reason: reply.reason };
    case 'reused':
      return { status: 'reused', reason: `command id ${reply.commandId} was used before for another correction: was the plan edited after it was applied?` };
    case 'pending':
    case 'unknown': // a look-up after a send that was never answered: it did not arrive
      return { status: 'pending' };
    case 'state':
      return { status: 'failed', reason: 'the service answered with a state, not an outcome' };
    default: {
      const unreachable: never = reply;
      return unreachable;
    }
  }
}

/** One line for a person: what became of an entry. */
export function describeResult(entry: PlanEntry, result: EntryResult): string {
  switch (result.status) {
    case 'corrected':
      return `corrected          ${entry.aggregateId}  version ${entry.version} → ${result.version}  ${entry.note}`;
    case 'already-corrected':
      return `already corrected  ${entry.aggregateId}  at version ${result.version}, by an earlier run of this plan`;
    case 'changed':
      return `skipped: changed   ${entry.aggregateId}  it is at version ${result.version}, the plan saw ${result.planVersion}: plan again`;
    case 'refused':
      return `refused            ${entry.aggregateId}  ${result.code}: ${result.message}`;
    case 'rejected':
    case 'failed':
    case 'reused':
      return `${result.status.padEnd(19)}${entry.aggregateId}  ${result.reason}`;
    case 'pending':
      return `pending            ${entry.aggregateId}  no answer in time: apply the plan again to learn what became of it`;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}
