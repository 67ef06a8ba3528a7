import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_PARTITIONS } from '@rewind/contracts';
import { freePort } from '@rewind/dev-stack';
import { AppProcess, MemorySampler, type AppName } from './app-process';
import { CpuMeter, type Watched } from './cpu';
import { kafkajsHopLatency, kafkajsProducerLoad } from './baselines';
import type { BenchContext } from './context';
import { testAuthEnv } from '@rewind/testing';
import { closedLoop, httpRequest } from './http-load';
import { provisionNamespace } from './namespaces';
import { placeOrderBody } from './shapes';
import { latencies } from './stats';

interface Running {
  readonly orders: AppProcess[];
  readonly others: AppProcess[];
  all(): AppProcess[];
}

/**
 * POST /orders at each concurrency: with the order service alone (nothing reacts to its orders),
 * then with the whole saga running on one and on two order-service instances (requests spread
 * over both, so half of them are forwarded to the owner of their partition), beside the bare
 * kafkajs idempotent producer at the same concurrency; the Kafka requests each command costs
 * (the order services' rewind_kafka_requests_total over the commands answered); the saga's
 * latency to a shipment visible on the query API; and the resident memory of every app idle and
 * at its peak under that load.
 */
export async function servicesPhase(ctx: BenchContext): Promise<void> {
  const namespace = `${ctx.runId}-svc.`;
  const database = `${ctx.runId}_svc`.replace(/[^A-Za-z0-9_]/g, '_');
  ctx.databases.push(database);
  await provisionNamespace(ctx.kafkaBrokers, namespace);
  const env = {
    KAFKA_BROKERS: ctx.kafkaBrokers,
    MONGODB_URI: ctx.mongoUri,
    MONGODB_DATABASE: database,
    TOPIC_NAMESPACE: namespace,
    LOG_LEVEL: 'warn',
    // the apps verify bearer tokens of the test issuer; httpRequest sends each the one its endpoint takes
    ...(await testAuthEnv()),
  };
  const make = async (name: AppName, label: string = name, settings: Readonly<Record<string, string>> = env) => new AppProcess(name, label, await freePort(), settings, ctx.logDir, ctx.cpuProfileDir);
  // the order service alone, on a namespace of its own: no payment service reacts to its orders there
  const aloneNamespace = `${ctx.runId}-alone.`;
  await provisionNamespace(ctx.kafkaBrokers, aloneNamespace);
  const alone = await make('order-service', 'order-service-alone', { ...env, TOPIC_NAMESPACE: aloneNamespace });
  const running: Running = {
    orders: [await make('order-service', 'order-service-1'), await make('order-service', 'order-service-2')],
    others: [await make('payment-service'), await make('shipping-service'), await make('projector'), await make('query-api')],
    all() {
      return [...this.orders, ...this.others];
    },
  };
  const [first, second] = running.orders;
  const query = running.others.find((app) => app.name === 'query-api');
  if (!first || !second || !query) throw new Error('the apps were not made');

  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  try {
    // first, while nothing else runs: the order service alone, each run
    for (let run = 1; run <= ctx.runs; run++) {
      ctx.log(`run ${run}: the order service alone`);
      await alone.start();
      for (const concurrency of ctx.sizes.concurrencies) {
        ctx.log(`run ${run}: POST /orders on the order service alone, ${concurrency} in flight`);
        await measureOrders(ctx, agent, [alone], [alone], concurrency, `alone.${concurrency}`, run);
      }
      await alone.stop();
    }

    ctx.log('starting the apps');
    await Promise.all([first, ...running.others].map((app) => app.start()));
    // one order through the whole saga before anything is measured: every consumer has joined
    await sagaLatency(agent, first, query, 1);
    await sleep(5_000);
    for (const app of [first, ...running.others]) ctx.samples.add(`rss.idle.${app.name}`, app.rssMb() ?? NaN);
    // the baselines write to a topic no app reads, with the partition count of the services' topics
    const baselineTopic = `${namespace}bench.baseline`;
    await ctx.admin.createTopics({ topics: [{ topic: baselineTopic, numPartitions: SERVICE_PARTITIONS }] });

    for (let run = 1; run <= ctx.runs; run++) {
      const sampler = new MemorySampler(() => running.all());
      sampler.start();
      for (const concurrency of ctx.sizes.concurrencies) {
        ctx.log(`run ${run}: bare kafkajs idempotent producer, ${concurrency} in flight`);
        const bare = await kafkajsProducerLoad(ctx.kafka, baselineTopic, placeOrderBody(0).padEnd(700, ' '), loadOf(ctx, concurrency));
        record(ctx, `kafkajs.${concurrency}`, bare.perSecond, bare.latencies);
      }
      const hopTopic = `${namespace}bench.hop.${run}`;
      await ctx.admin.createTopics({ topics: [{ topic: hopTopic, numPartitions: 1 }] });
      const hops = await kafkajsHopLatency(ctx.kafka, hopTopic, 100);
      const hop = latencies(hops);
      ctx.samples.add('hop.p50', hop.p50);
      ctx.samples.add('hop.p99', hop.p99);

      for (const instances of [1, 2]) {
        if (instances === 2) {
          ctx.log(`run ${run}: starting a second order-service`);
          await second.start();
          await sleep(10_000); // the rebalance moves half the partitions; each new owner fences and loads
        }
        const targets = running.orders.slice(0, instances);
        for (const concurrency of ctx.sizes.concurrencies) {
          ctx.log(`run ${run}: POST /orders on ${instances} instance(s), ${concurrency} in flight`);
          const lastOrder = await measureOrders(ctx, agent, targets, running.all(), concurrency, `orders.${instances}.${concurrency}`, run);
          // the saga and the projector catch up before the next level, so each level starts from a quiet system
          if (lastOrder) await waitForShipment(agent, query, lastOrder, 180_000);
        }
        if (instances === 2) await second.stop();
      }

      ctx.log(`run ${run}: saga latency over ${ctx.sizes.sagaOrders} orders, ${ctx.sizes.sagaConcurrency} at a time`);
      await sleep(3_000); // the remaining instance takes the partitions back
      const saga = await sagaLatency(agent, first, query, ctx.sizes.sagaOrders, ctx.sizes.sagaConcurrency);
      const sagaStats = latencies(saga);
      for (const p of ['p50', 'p95', 'p99'] as const) ctx.samples.add(`saga.${p}`, sagaStats[p]);

      const peaks = sampler.stop();
      for (const [name, peak] of peaks) ctx.samples.add(`rss.load.${name}`, peak);
    }
  } finally {
    agent.destroy();
    await Promise.all([alone, ...running.all()].map((app) => app.stop()));
  }
}

/**
 * POST /orders in a closed loop over `targets` (round robin: with two instances, about half of the
 * requests reach the instance that does not own the order's partition and are forwarded), recorded
 * under `key`: the rate per instance and in total, the latencies, and the Kafka requests per
 * command the instances made (their rewind_kafka_requests_total, over every order placed, warm-up
 * included). Where the time went, too: how long the instances' producer requests took on average
 * (AddPartitionsToTxn, Produce, EndTxn: what a command waits on), and the CPU that each of `apps`,
 * the servers this run started and the bench itself used. Resolves with the last order placed.
 */
async function measureOrders(
  ctx: BenchContext,
  agent: Agent,
  targets: readonly AppProcess[],
  apps: readonly AppProcess[],
  concurrency: number,
  key: string,
  run: number,
): Promise<string | undefined> {
  let lastOrder: string | undefined;
  let placed = 0;
  const cpu = new CpuMeter((): Watched[] => [...apps.map((app) => ({ name: app.name, pid: app.pid })), ...ctx.servers, { name: 'bench', pid: process.pid }]);
  const before = await kafkaRequests(agent, targets);
  cpu.start();
  const result = await closedLoop({
    ...loadOf(ctx, concurrency),
    operation: async (sequence) => {
      const target = targets[sequence % targets.length] as AppProcess;
      const answer = await httpRequest(agent, target.url('/orders'), { body: placeOrderBody(sequence) });
      if (answer.status !== 201) return false;
      placed += 1;
      lastOrder = (JSON.parse(answer.body) as { orderId: string }).orderId;
      return true;
    },
  });
  const cores = cpu.stop();
  const after = await kafkaRequests(agent, targets);
  const requests = after.requests - before.requests;
  if (result.failures > 0) ctx.notes.push(`run ${run}, ${key}: ${result.failures} of ${result.completed} POST /orders did not answer 201`);
  record(ctx, key, result.perSecond / targets.length, result.latencies);
  ctx.samples.add(`${key}.total`, result.perSecond);
  if (placed > 0) ctx.samples.add(`${key}.requests`, requests / placed);
  const produced = after.producerRequests - before.producerRequests;
  if (produced > 0) ctx.samples.add(`${key}.producer-ms`, ((after.producerSeconds - before.producerSeconds) / produced) * 1000);
  for (const [name, used] of cores) ctx.samples.add(`${key}.cpu.${name}`, used);
  return lastOrder;
}

interface KafkaRequestTotals {
  /** Every request of every client (rewind_kafka_requests_total). */
  readonly requests: number;
  /** The producers' requests, and the seconds they took (rewind_kafka_request_duration_seconds). */
  readonly producerRequests: number;
  readonly producerSeconds: number;
}

/** The Kafka requests the apps have made so far, from their /metrics. */
async function kafkaRequests(agent: Agent, apps: readonly AppProcess[]): Promise<KafkaRequestTotals> {
  const sum = (metrics: string, pattern: RegExp) => [...metrics.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  const each = await Promise.all(
    apps.map(async (app): Promise<KafkaRequestTotals> => {
      const metrics = (await httpRequest(agent, app.url('/metrics'))).body;
      return {
        requests: sum(metrics, /^rewind_kafka_requests_total\{[^}]*\} (\S+)$/gm),
        producerRequests: sum(metrics, /^rewind_kafka_request_duration_seconds_count\{client="producer",[^}]*\} (\S+)$/gm),
        producerSeconds: sum(metrics, /^rewind_kafka_request_duration_seconds_sum\{client="producer",[^}]*\} (\S+)$/gm),
      };
    }),
  );
  return {
    requests: each.reduce((total, one) => total + one.requests, 0),
    producerRequests: each.reduce((total, one) => total + one.producerRequests, 0),
    producerSeconds: each.reduce((total, one) => total + one.producerSeconds, 0),
  };
}

function loadOf(ctx: BenchContext, concurrency: number) {
  return { concurrency, warmupMs: ctx.sizes.warmupMs, durationMs: ctx.sizes.durationMs };
}

function record(ctx: BenchContext, key: string, perSecond: number, samples: readonly number[]): void {
  ctx.samples.add(`${key}.rate`, perSecond);
  if (samples.length === 0) return;
  const stats = latencies(samples);
  ctx.samples.add(`${key}.p50`, stats.p50);
  ctx.samples.add(`${key}.p95`, stats.p95);
  ctx.samples.add(`${key}.p99`, stats.p99);
}

/** From POST /orders answered to the shipment `scheduled` on the query API, polled every 10 ms. */
async function sagaLatency(agent: Agent, orders: AppProcess, query: AppProcess, count: number, concurrency = 1): Promise<number[]> {
  const results: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const answer = await httpRequest(agent, orders.url('/orders'), { body: placeOrderBody(next) });
      if (answer.status !== 201) throw new Error(`POST /orders answered ${answer.status}: ${answer.body}`);
      const answeredAt = performance.now();
      const { orderId } = JSON.parse(answer.body) as { orderId: string };
      results.push((await waitForShipment(agent, query, orderId, 60_000, 10)) - answeredAt);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Resolves with the monotonic time at which the query API first showed the order's shipment scheduled. */
async function waitForShipment(agent: Agent, query: AppProcess, orderId: string, timeoutMs: number, pollMs = 50): Promise<number> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(pollMs)) {
    const answer = await httpRequest(agent, query.url(`/orders/${orderId}`)).catch(() => undefined);
    if (answer?.status === 200) {
      const seenAt = performance.now();
      const view = JSON.parse(answer.body) as { shipment?: { status?: string } | null };
      if (view.shipment?.status === 'scheduled' || view.shipment?.status === 'dispatched') return seenAt;
    }
  }
  throw new Error(`order ${orderId}: no scheduled shipment on the query API within ${timeoutMs / 1000} s`);
}
