import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { orderEvents } from '@rewind/contracts';
import { freePort } from '@rewind/dev-stack';
import { testAuthEnv } from '@rewind/testing';
import { Partitioners } from 'kafkajs';
import { AppProcess, MemorySampler } from './app-process';
import type { BenchContext } from './context';
import { httpRequest } from './http-load';
import { provisionNamespace } from './namespaces';
import { idFor } from './shapes';
import { percentile } from './stats';

/** The heap the order service is given here: the cap. Its resident memory must stay under 300 MB. */
const HEAP_MB = 256;
const CACHE_ENTRIES = 10_000;

/**
 * The order service with far more orders in its partitions than it keeps in memory: an events
 * topic seeded with `scaleOrders` OrderPlaced events (the contracts' codec), the service run with
 * its heap capped at 256 MiB. It loads them (from offset zero, into its stores, writing the
 * changelog), decides commands for cold aggregates (read back from the store) and hot ones (in the
 * cache), and is started again three ways: with its disk, without it (from the snapshots topic),
 * and without it and without snapshots (from offset zero). Peak RSS over all of it.
 */
export async function scalePhase(ctx: BenchContext): Promise<void> {
  const namespace = `${ctx.runId}-scale.`;
  await provisionNamespace(ctx.kafkaBrokers, namespace);
  const orders = ctx.sizes.scaleOrders;
  const seed = `${ctx.runId}/scale`;
  ctx.log(`scale: seeding ${orders.toLocaleString('en-US')} orders into ${namespace}orders.events`);
  await seedPlacedOrders(ctx, `${namespace}orders.events`, seed, orders);

  const stateRoot = join(ctx.logDir, 'scale-state');
  const disk = (name: string) => join(stateRoot, `${name}-${randomBytes(3).toString('hex')}`);
  const kept = disk('kept');
  const app = new AppProcess(
    'order-service',
    'order-service-scale',
    await freePort(),
    {
      // it verifies bearer tokens of the test issuer; httpRequest sends each command the one its endpoint takes
      ...(await testAuthEnv()),
      KAFKA_BROKERS: ctx.kafkaBrokers,
      TOPIC_NAMESPACE: namespace,
      LOG_LEVEL: 'info',
      SNAPSHOT_EVERY: '1000',
      AGGREGATE_CACHE_ENTRIES: String(CACHE_ENTRIES),
      NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
    },
    ctx.logDir,
    ctx.cpuProfileDir,
  );
  const logFile = join(ctx.logDir, 'order-service-scale.log');
  const sampler = new MemorySampler(() => [app]);
  const agent = new Agent({ keepAlive: true });
  sampler.start();
  try {
    // the first start: an empty disk and an empty changelog, so the whole log; then the changelog is written
    const first = await startTimed(app, logFile, { STATE_DIR: kept });
    const rss = () => `${app.rssMb()?.toFixed(0) ?? '?'} MB resident`;
    ctx.log(`scale: first load (from offset zero, an empty disk) ${(first.ms / 1000).toFixed(1)} s; ${describeLoads(first.loads)}; ${rss()}`);
    await waitForSnapshots(app, logFile, first.logFrom, 6);
    ctx.log(`scale: every partition snapshotted to the changelog; ${rss()}`);

    const ids = (count: number, offset: number) => Array.from({ length: count }, (_, i) => idFor(`${seed}/order/${(offset + i * 7919) % orders}`));
    // cold: orders no command touched since the load, spread over the partitions, read back from the store
    const cold = await timedCommands(agent, app, ids(ctx.sizes.scaleCommands, 0), 'cancel', 200);
    // hot: a few orders sent commands again and again, from the cache; cancelled already, for the
    // same reason, each is decided and changes nothing (200 at version 2): a finished order stays decidable
    const hotIds = ids(50, 0);
    const hot = await timedCommands(agent, app, Array.from({ length: ctx.sizes.scaleCommands }, (_, i) => hotIds[i % hotIds.length] as string), 'cancel-again', 200);
    for (const [kind, latencies] of [['cold', cold], ['hot', hot]] as const) {
      ctx.samples.add(`scale.${kind}.p50`, percentile(latencies, 50));
      ctx.samples.add(`scale.${kind}.p99`, percentile(latencies, 99));
      ctx.log(`scale: ${latencies.length} commands on ${kind} orders, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; ${rss()}`);
    }

    for (let run = 1; run <= ctx.runs; run++) {
      for (const mode of ['disk', 'changelog', 'zero'] as const) {
        await app.stop();
        const env: Record<string, string> = mode === 'disk' ? { STATE_DIR: kept } : mode === 'changelog' ? { STATE_DIR: disk('fresh') } : { STATE_DIR: disk('zero'), SNAPSHOT_EVERY: '0' };
        const started = await startTimed(app, logFile, env);
        ctx.samples.add(`scale.recovery.${mode}`, started.ms);
        ctx.log(`run ${run}: scale recovery, ${mode}: ${(started.ms / 1000).toFixed(1)} s; ${describeLoads(started.loads)}; ${rss()}`);
        if (run === 1) ctx.notes.push(`Scale recovery (${mode}), run 1: ${describeLoads(started.loads)}.`);
      }
    }
  } finally {
    agent.destroy();
    const peak = sampler.stop().get('order-service');
    if (peak !== undefined) {
      ctx.samples.add('scale.rss', peak);
      ctx.log(`scale: order-service peak resident memory ${peak.toFixed(0)} MB (heap capped at ${HEAP_MB} MiB)`);
    }
    await app.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  }
  ctx.notes.push(
    `Scale: ${orders.toLocaleString('en-US')} orders (one OrderPlaced each) in 6 partitions; the order service with --max-old-space-size=${HEAP_MB} and ${CACHE_ENTRIES.toLocaleString('en-US')} aggregates cached; recovery is spawn to /health/ready (every partition loaded).`,
  );
}

/** OrderPlaced events straight into the events topic, a few sends in flight; keys place them as the service would. */
async function seedPlacedOrders(ctx: BenchContext, topic: string, seed: string, orders: number): Promise<void> {
  const producer = ctx.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const occurredAt = new Date().toISOString();
  const inFlight = new Set<Promise<unknown>>();
  let lastReport = Date.now();
  try {
    for (let first = 0; first < orders; first += 2_000) {
      const messages = [];
      for (let i = first; i < Math.min(orders, first + 2_000); i++) {
        const orderId = idFor(`${seed}/order/${i}`);
        const id = idFor(`${seed}/placed/${i}`);
        const value = orderEvents.encode({
          eventId: id,
          type: 'OrderPlaced',
          schemaVersion: 1,
          aggregateId: orderId,
          aggregateVersion: 1,
          occurredAt,
          commandId: id,
          correlationId: id,
          causationId: id,
          data: {
            customerId: `cus_${i % 1000}`,
            currency: 'EUR',
            paymentToken: 'tok_visa',
            lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
            shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
            totalCents: 2500,
          },
        });
        messages.push({ key: orderId, value });
      }
      const sending = producer.send({ topic, acks: -1, messages });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
      if (inFlight.size >= 4) await Promise.race(inFlight);
      if (Date.now() - lastReport > 10_000) {
        ctx.log(`  seeded ${first.toLocaleString('en-US')} orders`);
        lastReport = Date.now();
      }
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
}

interface Load {
  readonly partition: number;
  readonly source: string;
  readonly snapshotRecords: number;
  readonly eventsReplayed: number;
  readonly aggregates: number;
}

/** Spawns the app and waits until it is ready (every partition loaded); the time from spawn, and what each load read. */
async function startTimed(app: AppProcess, logFile: string, env: Readonly<Record<string, string>>): Promise<{ ms: number; loads: Load[]; logFrom: number }> {
  const logFrom = logLength(logFile);
  app.spawn(env);
  await app.ready(60 * 60_000);
  const ms = performance.now() - app.spawnedAt;
  return { ms, loads: logLines(logFile, logFrom, 'partition loaded') as unknown as Load[], logFrom };
}

function describeLoads(loads: readonly Load[]): string {
  const sources = [...new Set(loads.map((load) => load.source))].join('/');
  const sum = (field: 'snapshotRecords' | 'eventsReplayed') => loads.reduce((total, load) => total + Number(load[field] ?? 0), 0).toLocaleString('en-US');
  return `${loads.length} partitions from ${sources || '?'}, ${sum('snapshotRecords')} snapshot records and ${sum('eventsReplayed')} events read`;
}

async function waitForSnapshots(app: AppProcess, logFile: string, from: number, partitions: number): Promise<void> {
  for (const deadline = Date.now() + 60 * 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 500))) {
    const written = new Set(logLines(logFile, from, 'snapshot written').map((line) => line['partition']));
    if (written.size >= partitions) return;
    if (app.rssMb() === undefined) throw new Error(`${app.label} exited while writing its snapshots; see ${logFile}`);
  }
  throw new Error(`${app.label} did not snapshot every partition within an hour`);
}

/** Cancels, 8 in flight, each answered `expected` with the order at version 2; latencies in ms. */
async function timedCommands(agent: Agent, app: AppProcess, ids: readonly string[], key: string, expected: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const started = performance.now();
      const answer = await httpRequest(agent, app.url(`/orders/${id}/cancel`), {
        body: JSON.stringify({ reason: 'customer_request' }),
        headers: { 'Idempotency-Key': `${key}-${id}-${next}` },
      });
      // version 2 either way: cancelled now, or cancelled before and left as it was
      if (answer.status !== expected || (JSON.parse(answer.body) as { version?: number }).version !== 2) {
        throw new Error(`POST /orders/${id}/cancel answered ${answer.status}, not ${expected} at version 2: ${answer.body.slice(0, 300)}`);
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return latencies;
}

function logLength(file: string): number {
  try {
    return readFileSync(file).length;
  } catch {
    return 0;
  }
}

function logLines(file: string, from: number, message: string): Record<string, unknown>[] {
  return readFileSync(file)
    .subarray(from)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.includes(`"${message}"`))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
