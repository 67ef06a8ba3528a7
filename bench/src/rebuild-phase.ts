import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { bulkUpsert, kafkajsBatchConsume } from './baselines';
import type { BenchContext } from './context';
import { provisionNamespace } from './namespaces';
import { workspaceRoot } from './paths';
import { seedOrders } from './seed';
import { EVENTS_PER_ORDER } from './shapes';

/**
 * Projection rebuild of `orders` (the heaviest: it joins three topics) from offset zero, by the
 * operator's CLI, over logs seeded with N events; beside a bare kafkajs eachBatch read of the same
 * topics and a bare bulk upsert of as many read-model-shaped writes.
 */
export async function rebuildPhase(ctx: BenchContext): Promise<void> {
  const largest = ctx.sizes.rebuildEvents.at(-1);
  for (const events of ctx.sizes.rebuildEvents) {
    const namespace = `${ctx.runId}-e${events}.`;
    const database = `${ctx.runId}_e${events}`.replace(/[^A-Za-z0-9_]/g, '_');
    ctx.databases.push(database);
    await provisionNamespace(ctx.kafkaBrokers, namespace);
    ctx.log(`rebuild: seeding ${events.toLocaleString('en-US')} events`);
    const seeded = await seedOrders(ctx.kafka, namespace, Math.ceil(events / EVENTS_PER_ORDER), namespace, ctx.log);
    const runs = events === largest && ctx.sizes.rebuildEvents.length > 1 ? Math.min(ctx.runs, ctx.sizes.largeRebuildRuns) : ctx.runs;
    for (let run = 1; run <= runs; run++) {
      const seconds = await rebuildOrders(ctx, namespace, database);
      ctx.samples.add(`rebuild.${events}.seconds`, seconds);
      ctx.samples.add(`rebuild.${events}.rate`, seeded / seconds);
      ctx.log(`run ${run}: rebuild of ${seeded.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s (${Math.round(seeded / seconds)}/s)`);
      const consume = await kafkajsBatchConsume(ctx.kafka, ['orders', 'payments', 'shipments'].map((topic) => `${namespace}${topic}.events`), seeded);
      ctx.samples.add(`consume.${events}.rate`, consume);
      ctx.log(`run ${run}: bare kafkajs eachBatch read: ${Math.round(consume)}/s`);
      // as many read-model documents as there are events: one write per event, the least a projector does
      const upsertSeconds = await bulkUpsert(ctx.mongo.db(database), `bare_upsert_${run}`, seeded);
      const upsert = seeded / upsertSeconds;
      ctx.samples.add(`upsert.${events}.rate`, upsert);
      ctx.log(`run ${run}: bare bulk upsert of ${seeded.toLocaleString('en-US')} documents: ${Math.round(upsert)}/s`);
      ctx.samples.add(`rebuild.${events}.baseline`, Math.min(consume, upsert));
    }
  }
}

/** Runs `rebuild orders --fresh`: seconds from its first line (recorded, end offsets taken) to its `flipped` line. */
function rebuildOrders(ctx: BenchContext, namespace: string, database: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'projector', 'src', 'cli.ts'), 'rebuild', 'orders', '--fresh'], {
      cwd: workspaceRoot,
      env: { ...process.env, KAFKA_BROKERS: ctx.kafkaBrokers, MONGODB_URI: ctx.mongoUri, MONGODB_DATABASE: database, TOPIC_NAMESPACE: namespace, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let startedAt: number | undefined;
    let flippedAt: number | undefined;
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const now = performance.now();
      output += chunk.toString('utf8');
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (startedAt === undefined && /^rebuild orders: generation \d+ from offset zero/.test(line)) startedAt = now;
        if (/^flipped: /.test(line)) flippedAt = now;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && startedAt !== undefined && flippedAt !== undefined) resolve((flippedAt - startedAt) / 1000);
      else reject(new Error(`rebuild orders exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}
