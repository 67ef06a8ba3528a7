import { DEAD_LETTER_TOPIC } from '@rewind/contracts';
import {
  caughtUp,
  committedOffsets,
  countDone,
  generationCollection,
  Generations,
  logExtent,
  nextProgress,
  ProjectionSupervisor,
  Projector,
  resetLiveGeneration,
  sourceTopics,
  type FinishedRebuild,
  type ProjectionLoss,
  type RebuildProgress,
} from '@rewind/projection-runtime';
import type { GroupLoss } from '@rewind/projection-runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { REBUILD_EXIT } from '../config';
import type { CliContext } from './context';
import { ProgressBar } from './progress-bar';

/** How a command ended: the exit code (REBUILD_EXIT, or 128 + a signal's number). */
type ExitCode = number;

/** The shell's convention for a process ended by a signal: 128 + its number (130 for Ctrl-C, 143 for SIGTERM). */
const exitCodeOf = (signal: NodeJS.Signals): ExitCode => 128 + (signal === 'SIGINT' ? 2 : 15);

/**
 * Rebuilds a projection into a new generation from offset zero, beside the live one, and flips the
 * pointer once it has caught up with the end offsets taken when it was asked for. Stopped or
 * killed, it is resumed by running it again (or by the projector app, which carries on any
 * rebuild it finds recorded).
 *
 * Run under a request id (`REBUILD_REQUEST_ID`: the rebuild Job's uid), a run retried after its
 * rebuild ended does not start another: it exits 0 when that rebuild flipped, 3 when it was given
 * up. Exit codes: REBUILD_EXIT.
 */
export async function rebuild(context: CliContext, maxRate: number | undefined, fresh: boolean): Promise<ExitCode> {
  const { admin, db, definition, out, requestId } = context;
  const generations = new Generations(db);
  const requestedAt = new Date();
  const current = await generations.pointer(definition.name);
  // a retried --fresh run must not give up the rebuild its first run started
  const ours = requestId !== undefined && (current.rebuild?.requests?.includes(requestId) === true || current.finished?.some((finished) => finished.requests.includes(requestId)) === true);
  if (fresh && !ours) {
    const abandoned = await generations.abandonRebuild(definition.name, requestedAt, context.graceMs);
    if (abandoned !== undefined) out.write(`rebuild ${definition.name}: gave up the recorded rebuild of generation ${abandoned}; the projector drops it after the grace period\n`);
  }
  const target = await logExtent(admin, sourceTopics(definition));
  const requested =
    requestId === undefined ? { kind: 'recorded' as const, rebuild: await generations.requestRebuild(definition.name, target, requestedAt, maxRate) } : await generations.requestRebuildOnce(definition.name, requestId, target, requestedAt, maxRate);
  if (requested.kind === 'finished') return finished(context, requested.finished);
  const record = requested.rebuild;
  const total = countDone(record.target, new Map()).total;
  out.write(
    record.requestedAt === requestedAt.toISOString()
      ? `rebuild ${definition.name}: generation ${record.generation} from offset zero, ${total.toLocaleString('en-US')} records up to the end offsets taken now\n`
      : `rebuild ${definition.name}: resuming generation ${record.generation}, asked for at ${record.requestedAt} (${total.toLocaleString('en-US')} records${record.maxRecordsPerSecond ? `, at most ${record.maxRecordsPerSecond}/s as asked then` : ''})\n`,
  );

  let lost: ProjectionLoss | undefined;
  const supervisor = new ProjectionSupervisor({
    ...context,
    keepLive: false,
    consumer: { maxBytesPerFetch: context.maxBytesPerFetch },
    onLost: (loss) => (lost ??= loss),
    // the progress bar says how it goes; what goes wrong is said on lines of its own
    log: (message, fields) => {
      if (message.includes('fail') || message.includes('crash')) out.write(`\n${message}: ${String(fields?.['error'] ?? '')}\n`);
    },
  });
  const bar = new ProgressBar(out, `${definition.name} g${record.generation}`);
  let stoppedBy: NodeJS.Signals | undefined;
  void context.stopRequested.then((signal) => (stoppedBy = signal));
  let last: RebuildProgress = { done: 0, total, ratePerSecond: 0, updatedAt: requestedAt.toISOString() };
  try {
    for (;;) {
      const pointer = await supervisor.reconcile();
      if (pointer.live === record.generation) {
        // the flip took the progress off the pointer: the last one seen, finished
        bar.draw({ ...last, done: total, etaSeconds: 0 }, true);
        out.write(`flipped: ${definition.name} now reads generation ${record.generation}; the previous generation is kept for ${context.graceMs / 1000} s, then the projector drops it\n`);
        return REBUILD_EXIT.done;
      }
      if (lost) {
        out.write(`\nthe rebuild's consumer is out of its group for good (${lost.groupId}: ${lost.reason}); the same command resumes it\n`);
        return REBUILD_EXIT.failed;
      }
      if (pointer.rebuild?.generation !== record.generation) {
        const ended = pointer.finished?.find((entry) => entry.generation === record.generation);
        if (ended) return finished(context, ended);
        // given up or replaced by another process: running this again would not bring it back
        out.write(`\nthe rebuild of generation ${record.generation} is no longer recorded (live is ${pointer.live}, another run gave it up); nothing more to do\n`);
        return REBUILD_EXIT.final;
      }
      if (pointer.rebuild.state === 'failed') {
        out.write(`\nrebuild ${definition.name} failed: ${pointer.rebuild.error ?? 'no reason recorded'}; run the same command to try again\n`);
        return REBUILD_EXIT.failed;
      }
      last = supervisor.progressOf(record.generation) ?? last;
      bar.draw(last);
      if (stoppedBy) {
        out.write(`\nstopped; its offsets are committed, so the same command resumes it\n`);
        return exitCodeOf(stoppedBy);
      }
      await sleep(500);
    }
  } finally {
    await supervisor.stop();
  }
}

/** A run retried under its request id found its rebuild ended: done if it flipped, final if it was given up. */
function finished({ definition, out, requestId }: CliContext, ended: FinishedRebuild): ExitCode {
  if (ended.outcome === 'flipped') {
    out.write(`rebuild ${definition.name}: the rebuild asked for as ${requestId ?? ''} flipped to generation ${ended.generation} at ${ended.at}; nothing more to do\n`);
    return REBUILD_EXIT.done;
  }
  out.write(`rebuild ${definition.name}: the rebuild asked for as ${requestId ?? ''} (generation ${ended.generation}) was given up at ${ended.at}; not starting another\n`);
  return REBUILD_EXIT.final;
}

/**
 * Rebuilds the live generation where it is: the standard consumer-group reset to the earliest
 * offsets, the documents dropped, and the group run again until it has caught up. The projector
 * must be stopped first; queries see the model refill meanwhile.
 */
export async function rebuildInPlace(context: CliContext, maxRate: number | undefined): Promise<ExitCode> {
  const { kafka, admin, db, definition, namespace, out } = context;
  const topics = sourceTopics(definition);
  const { generation, groupId } = await resetLiveGeneration(admin, db, definition, namespace);
  const target = await logExtent(admin, topics);
  out.write(`rebuild ${definition.name} in place: group ${groupId} reset to the earliest offsets, generation ${generation} emptied, ${countDone(target, new Map()).total.toLocaleString('en-US')} records to fold\n`);

  let lost: GroupLoss | undefined;
  const projector = new Projector({
    kafka,
    db,
    definition,
    collection: generationCollection(definition.name, generation),
    groupId,
    deadLetterTopic: `${namespace}${DEAD_LETTER_TOPIC}`,
    ...(maxRate ? { maxRecordsPerSecond: maxRate } : {}),
    maxBytesPerFetch: context.maxBytesPerFetch,
    onLost: (loss) => (lost ??= loss),
  });
  await projector.start();
  const bar = new ProgressBar(out, `${definition.name} g${generation} (in place)`);
  let progress: RebuildProgress | undefined;
  let stoppedBy: NodeJS.Signals | undefined;
  void context.stopRequested.then((signal) => (stoppedBy = signal));
  try {
    for (;;) {
      if (lost) {
        out.write(`\nthe consumer is out of its group for good (${lost.reason}); the model is incomplete until the same command is run again (it starts over)\n`);
        return 1;
      }
      const committed = await committedOffsets(admin, groupId, topics);
      progress = nextProgress(progress, countDone(target, committed), new Date());
      if (caughtUp(target, committed)) {
        bar.draw(progress, true);
        out.write(`done: start the projector again; it goes on from here\n`);
        return 0;
      }
      bar.draw(progress);
      if (stoppedBy) {
        out.write(`\nstopped half way: the model is incomplete until the same command is run again (it starts over)\n`);
        return exitCodeOf(stoppedBy);
      }
      await sleep(500);
    }
  } finally {
    await projector.stop();
  }
}
