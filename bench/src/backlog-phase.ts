import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@rewind/dev-stack';
import { committedOffsets, countDone, generationGroup, logExtent, type PartitionExtent } from '@rewind/projection-runtime';
import { projectionCatalog, sourceTopics } from '@rewind/projections';
import { AppProcess, MemorySampler } from './app-process';
import type { BenchContext } from './context';
import { provisionNamespace } from './namespaces';
import { seedOrders } from './seed';
import { EVENTS_PER_ORDER } from './shapes';

/**
 * The projector far behind: the three events topics seeded with `backlogOrders` orders' events,
 * then the projector app (the production build, as deployed) started on them with an empty
 * database, so that its four projections start at generation 1 from offset zero at once and each
 * consumer fetches all it may. Its resident memory is read until every projection has committed
 * the log's end: the peak must not depend on how far behind the projector is, which the saga load
 * of the commands phase shows only on a machine slow enough to fall behind. And the catch-up rate:
 * the log's events over the seconds from spawn until all four have caught up.
 */
export async function backlogPhase(ctx: BenchContext): Promise<void> {
  const namespace = `${ctx.runId}-backlog.`;
  await provisionNamespace(ctx.kafkaBrokers, namespace);
  const orders = ctx.sizes.backlogOrders;
  ctx.log(`backlog: seeding ${(orders * EVENTS_PER_ORDER).toLocaleString('en-US')} events (${orders.toLocaleString('en-US')} orders)`);
  const events = await seedOrders(ctx.kafka, namespace, orders, namespace, ctx.log);
  const catalog = projectionCatalog(namespace);
  const extents = await Promise.all(catalog.map(async (definition) => ({ definition, extent: await logExtent(ctx.admin, sourceTopics(definition)) })));
  // a projection that reads three topics folds each of their records: the records the projector folds in all
  const records = extents.reduce((sum, { extent }) => sum + extent.reduce((total, { start, end }) => total + end - start, 0), 0);

  for (let run = 1; run <= ctx.runs; run++) {
    const database = `${ctx.runId}_backlog_${run}`.replace(/[^A-Za-z0-9_]/g, '_');
    ctx.databases.push(database);
    const env = { KAFKA_BROKERS: ctx.kafkaBrokers, MONGODB_URI: ctx.mongoUri, MONGODB_DATABASE: database, TOPIC_NAMESPACE: namespace, LOG_LEVEL: 'warn' };
    const app = new AppProcess('projector', `projector-backlog-${run}`, await freePort(), env, ctx.logDir, ctx.cpuProfileDir);
    const sampler = new MemorySampler(() => [app]);
    sampler.start();
    try {
      app.spawn();
      const seconds = await caughtUp(ctx, app, extents);
      // the kernel's high-water mark misses no spike between two samples
      const peak = Math.max(app.peakRssMb() ?? 0, sampler.stop().get('projector') ?? 0);
      ctx.samples.add('backlog.rss', peak);
      ctx.samples.add('backlog.rate', events / seconds);
      ctx.log(
        `run ${run}: the projector caught up on ${events.toLocaleString('en-US')} events (${records.toLocaleString('en-US')} records over its four projections) ` +
          `in ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s); peak resident memory ${peak.toFixed(0)} MB`,
      );
    } finally {
      sampler.stop();
      await app.stop();
    }
    // the next run starts from offset zero again: its database is new, and so must its groups be
    await ctx.admin.deleteGroups(catalog.map((definition) => generationGroup(namespace, definition.name, 1))).catch(() => undefined);
  }
  ctx.notes.push(
    `Backlog: ${events.toLocaleString('en-US')} events (${orders.toLocaleString('en-US')} orders, 16 partitions a topic) in the log before the projector starts with an empty database; ` +
      `its four projections fold ${records.toLocaleString('en-US')} records in all. The rate is the log's events over the seconds from spawn until every projection has committed the log's end.`,
  );
}

/** Seconds from the app's spawn until every projection's live group has committed the end of its topics. */
async function caughtUp(ctx: BenchContext, app: AppProcess, extents: readonly { definition: { name: string }; extent: readonly PartitionExtent[] }[]): Promise<number> {
  const namespace = `${ctx.runId}-backlog.`;
  let lastReport = Date.now();
  for (const deadline = Date.now() + 60 * 60_000; Date.now() < deadline; await sleep(250)) {
    if (app.rssMb() === undefined) throw new Error(`${app.label} exited before it caught up; see its log in ${ctx.logDir}`);
    const progress = await Promise.all(
      extents.map(async ({ definition, extent }) =>
        countDone(extent, await committedOffsets(ctx.admin, generationGroup(namespace, definition.name, 1), [...new Set(extent.map(({ topic }) => topic))])),
      ),
    );
    if (progress.every(({ done, total }) => done === total)) return (performance.now() - app.spawnedAt) / 1000;
    if (Date.now() - lastReport > 10_000) {
      const done = progress.reduce((sum, { done }) => sum + done, 0);
      const total = progress.reduce((sum, { total }) => sum + total, 0);
      ctx.log(`  backlog: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} records folded; ${app.rssMb()?.toFixed(0) ?? '?'} MB resident`);
      lastReport = Date.now();
    }
  }
  throw new Error(`${app.label} did not catch up within an hour`);
}
