import { ConsumerNotRunning, deadLetterView, groupMembers, positionText, readDeadLetterLedger, requestReplay, type DeadLetterLedger, type Hold } from '@rewind/dead-letters';
import type { Admin, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the dead-letter commands work with. */
export interface DeadLetterContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** The dead-letter topic, with the installation's namespace. */
  readonly topic: string;
  readonly out: NodeJS.WritableStream;
  readonly stopRequested: Promise<NodeJS.Signals>;
  /** How long `--wait` sleeps between looks; tests shorten it. */
  readonly pollMs?: number;
  /** How long `--wait` goes on while the group has no member: one restarting comes back within it. */
  readonly memberlessMs?: number;
}

export interface DeadLetterFilter {
  readonly consumer?: string;
  readonly key?: string;
}

/** One line per letter that still holds its key: consumer, key, where it came from, why, its id. */
export async function listDeadLetters(context: DeadLetterContext, filter: DeadLetterFilter, json: boolean): Promise<number> {
  const holds = (await readDeadLetterLedger(context.kafka, context.admin, context.topic)).list(filter);
  const letters = holds.flatMap((hold) => hold.letters.map((letter) => ({ letter, hold })));
  if (json) {
    context.out.write(`${JSON.stringify(letters.map(({ letter, hold }) => deadLetterView(letter, hold.replayRequested)), null, 2)}\n`);
    return 0;
  }
  if (letters.length === 0) {
    context.out.write('no dead letters\n');
    return 0;
  }
  for (const { letter, hold } of letters) {
    context.out.write(`${letter.consumer}  ${letter.key ?? '(no key)'}  ${positionText(letter.source)}  ${letter.reason}${hold.replayRequested ? '  [replay requested]' : ''}  ${letter.id}\n`);
  }
  context.out.write(`${letters.length} dead letter${letters.length === 1 ? '' : 's'} holding ${holds.length} key${holds.length === 1 ? '' : 's'}\n`);
  return 0;
}

/** One letter in full, by its id (from `list`): its record's key, value and headers. */
export async function showDeadLetter(context: DeadLetterContext, id: string): Promise<number> {
  for (const hold of (await readDeadLetterLedger(context.kafka, context.admin, context.topic)).list()) {
    const letter = hold.letters.find((candidate) => candidate.id === id);
    if (letter) {
      context.out.write(`${JSON.stringify(deadLetterView(letter, hold.replayRequested), null, 2)}\n`);
      return 0;
    }
  }
  process.stderr.write(`no dead letter ${id} holds a key (a replay may have released it)\n`);
  return 1;
}

/**
 * Asks a consumer to handle its letters again (one key's, or all). With `wait`, follows the
 * consumer until it has: exit 0 when every key flows again, 1 when some failed again. Exit 1,
 * naming the group, when no member of it runs: before asking (nothing is asked), or while
 * waiting for longer than `memberlessMs` (the request stands, for the next member to start).
 */
export async function replayDeadLetters(context: DeadLetterContext, target: DeadLetterFilter & { readonly consumer: string }, wait: boolean): Promise<number> {
  let requested: Hold[];
  try {
    requested = await requestReplay(context.kafka, context.admin, context.topic, target);
  } catch (error) {
    if (!(error instanceof ConsumerNotRunning)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (requested.length === 0) {
    process.stderr.write(`${target.consumer} holds no dead letters${target.key === undefined ? '' : ` of key ${target.key}`}\n`);
    return 1;
  }
  for (const hold of requested) context.out.write(`replay requested: ${hold.consumer} ${hold.key ?? ''} (${hold.letters.length} letter${hold.letters.length === 1 ? '' : 's'} of ${hold.topic})\n`);
  if (!wait) return 0;

  let stopped = false;
  void context.stopRequested.then(() => (stopped = true));
  let memberlessSince: number | undefined;
  for (;;) {
    const ledger = await readDeadLetterLedger(context.kafka, context.admin, context.topic);
    const outcome = replayOutcome(ledger, requested);
    if (outcome.pending === 0) {
      for (const hold of outcome.failedAgain) context.out.write(`failed again: ${hold.key ?? ''} in ${hold.topic}: ${hold.letters[0]?.reason ?? ''}\n`);
      context.out.write(`${requested.length - outcome.failedAgain.length} of ${requested.length} key${requested.length === 1 ? '' : 's'} released\n`);
      return outcome.failedAgain.length === 0 ? 0 : 1;
    }
    if (stopped) {
      context.out.write(`stopped waiting; ${outcome.pending} key(s) not replayed yet (the request stands)\n`);
      return 130;
    }
    // a group whose members are all gone would leave this waiting for ever
    if ((await groupMembers(context.admin, target.consumer)) > 0) memberlessSince = undefined;
    else if (Date.now() - (memberlessSince ??= Date.now()) >= (context.memberlessMs ?? 30_000)) {
      process.stderr.write(
        `no member of consumer group ${target.consumer} has run for ${Math.round((context.memberlessMs ?? 30_000) / 1000)} s; ${outcome.pending} key(s) not replayed yet (the request stands, for the next member to start)\n`,
      );
      return 1;
    }
    await sleep(context.pollMs ?? 1000);
  }
}

/** Pure: of the holds a replay was asked for, how many the consumer has not handled yet, and which failed again. */
export function replayOutcome(ledger: DeadLetterLedger, requested: readonly Hold[]): { pending: number; failedAgain: Hold[] } {
  const now = requested.map((hold) => ledger.hold(hold.consumer, hold.topic, hold.key));
  return {
    pending: now.filter((hold) => hold?.replayRequested === true).length,
    failedAgain: now.filter((hold): hold is Hold => hold !== undefined && !hold.replayRequested),
  };
}
