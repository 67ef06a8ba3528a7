import { caughtUp, committedOffsets, countDone, logExtent, nextProgress, ProjectionSupervisor, Projector, resetLiveGeneration, Generations, generationCollection, type RebuildProgress } from '@rewind/projection-runtime';
import { sleep, type CliContext } from './context';
import { ProgressBar } from './progress-bar';

/** How a command ended: the exit code. */
type ExitCode = number;

/**
 * Rebuilds a projection into a new generation from offset zero, beside the live one, and flips the
 * pointer once it has caught up with the end offsets taken when it was asked for. Stopped or
 * killed, it is resumed by running it again (or by the projector app, which carries on any
 * rebuild it finds recorded).
 */
export async function rebuild(context: CliContext, maxRate: number | undefined): Promise<ExitCode> {
  const { admin, db, definition, out } = context;
  const generations = new Generations(db);
  const requestedAt = new Date();
  const record = await generations.requestRebuild(definition.name, await logExtent(admin, definition.sources.map((source) => source.topic)), requestedAt);
  const total = countDone(record.target, new Map()).total;
  out.write(
    record.requestedAt === requestedAt.toISOString()
      ? `rebuild ${definition.name}: generation ${record.generation} from offset zero, ${total.toLocaleString('en-US')} records up to the end offsets taken now\n`
      : `rebuild ${definition.name}: resuming generation ${record.generation}, asked for at ${record.requestedAt} (${total.toLocaleString('en-US')} records)\n`,
  );

  const supervisor = new ProjectionSupervisor({
    ...context,
    keepLive: false,
    ...(maxRate ? { rebuildRecordsPerSecond: maxRate } : {}),
    log: () => undefined, // the progress bar says what matters; the projector app logs the rest
  });
  const bar = new ProgressBar(out, `${definition.name} g${record.generation}`);
  let stopped = false;
  void context.stopRequested.then(() => (stopped = true));
  let last: RebuildProgress = { done: 0, total, ratePerSecond: 0, updatedAt: requestedAt.toISOString() };
  try {
    for (;;) {
      const pointer = await supervisor.reconcile();
      if (pointer.live === record.generation) {
        // the flip took the progress off the pointer: the last one seen, finished
        bar.draw({ ...last, done: total, etaSeconds: 0 }, true);
        out.write(`flipped: ${definition.name} now reads generation ${record.generation}; the previous generation is kept for ${context.graceMs / 1000} s, then the projector drops it\n`);
        return 0;
      }
      if (pointer.rebuild?.state === 'failed') {
        out.write(`\nrebuild ${definition.name} failed: ${pointer.rebuild.error ?? 'no reason recorded'}; run the same command to try again\n`);
        return 1;
      }
      last = pointer.rebuild?.progress ?? last;
      bar.draw(pointer.rebuild?.progress);
      if (stopped) {
        out.write(`\nstopped; its offsets are committed, so the same command resumes it\n`);
        return 130;
      }
      await sleep(500);
    }
  } finally {
    await supervisor.stop();
  }
}

/**
 * Rebuilds the live generation where it is: the standard consumer-group reset to the earliest
 * offsets, the documents dropped, and the group run again until it has caught up. The projector
 * must be stopped first; queries see the model refill meanwhile.
 */
export async function rebuildInPlace(context: CliContext, maxRate: number | undefined): Promise<ExitCode> {
  const { kafka, admin, db, definition, namespace, out } = context;
  const topics = definition.sources.map((source) => source.topic);
  const { generation, groupId } = await resetLiveGeneration(admin, db, definition, namespace);
  const target = await logExtent(admin, topics);
  out.write(`rebuild ${definition.name} in place: group ${groupId} reset to the earliest offsets, generation ${generation} emptied, ${countDone(target, new Map()).total.toLocaleString('en-US')} records to fold\n`);

  const projector = new Projector({ kafka, db, definition, collection: generationCollection(definition.name, generation), groupId, ...(maxRate ? { maxRecordsPerSecond: maxRate } : {}) });
  await projector.start();
  const bar = new ProgressBar(out, `${definition.name} g${generation} (in place)`);
  let progress: RebuildProgress | undefined;
  let stopped = false;
  void context.stopRequested.then(() => (stopped = true));
  try {
    for (;;) {
      const committed = await committedOffsets(admin, groupId, topics);
      progress = nextProgress(progress, countDone(target, committed), new Date());
      if (caughtUp(target, committed)) {
        bar.draw(progress, true);
        out.write(`done: start the projector again; it goes on from here\n`);
        return 0;
      }
      bar.draw(progress);
      if (stopped) {
        out.write(`\nstopped half way: the model is incomplete until the same command is run again (it starts over)\n`);
        return 130;
      }
      await sleep(500);
    }
  } finally {
    await projector.stop();
  }
}
