import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { orderCommands } from '@rewind/contracts';
import { freePort } from '@rewind/dev-stack';
import { AppProcess } from './app-process';
import type { BenchContext } from './context';
import { testAuthEnv } from '@rewind/testing';
import { httpRequest } from './http-load';
import { provisionNamespace } from './namespaces';
import { idFor } from './shapes';

/**
 * Partition recovery: an order-service whose partitions hold a long history (written by the
 * service itself, snapshots on from the start) is started again, with snapshots read and with
 * them off (the whole history replayed); the time from spawn until every probed order is answered
 * by its owner. The baseline is the same start on an empty log: everything but the history.
 */
export async function recoveryPhase(ctx: BenchContext): Promise<void> {
  const history = `${ctx.runId}-rec.`;
  const empty = `${ctx.runId}-empty.`;
  await Promise.all([provisionNamespace(ctx.kafkaBrokers, history), provisionNamespace(ctx.kafkaBrokers, empty)]);
  const auth = await testAuthEnv();
  const env = (namespace: string) => ({ ...auth, KAFKA_BROKERS: ctx.kafkaBrokers, TOPIC_NAMESPACE: namespace, LOG_LEVEL: 'warn', SNAPSHOT_EVERY: '1000' });
  const service = new AppProcess('order-service', 'order-service-recovery', await freePort(), env(history), ctx.logDir, undefined);
  const emptyService = new AppProcess('order-service', 'order-service-empty', await freePort(), env(empty), ctx.logDir, undefined);
  const agent = new Agent({ keepAlive: true });
  const commands = ctx.sizes.recoveryCommands;
  try {
    ctx.log(`recovery: ${commands.toLocaleString('en-US')} PlaceOrder commands through the order service (snapshots every 1,000 events)`);
    await service.start();
    // all at once: the owners decide the backlog in transactions sent in request-sized runs
    const ids = await sendPlaceOrders(ctx, `${history}orders.commands`, commands);
    await waitForGroup(ctx, `${history}orders.command-processor`, `${history}orders.commands`);
    await service.stop();
    const probes = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 24)) === 0).slice(0, 24);

    for (let run = 1; run <= ctx.runs; run++) {
      for (const mode of ['snapshots', 'replay', 'empty'] as const) {
        const app = mode === 'empty' ? emptyService : service;
        app.spawn(mode === 'replay' ? { SNAPSHOT_EVERY: '0' } : {});
        // every probe answered by the owner of its partition: its partition is loaded
        const ms = await answeredAll(agent, app, mode === 'empty' ? [idFor('not-placed')] : probes, mode === 'empty' ? [404] : [200]);
        ctx.samples.add(`recovery.${mode}`, ms);
        ctx.log(`run ${run}: recovery ${mode}: ${(ms / 1000).toFixed(2)} s`);
        await app.stop();
      }
    }
    ctx.notes.push(
      `Recovery history: ${commands.toLocaleString('en-US')} orders placed through the order service (one OrderPlaced and one outcome each) over ${6} partitions; time from spawn to ${probes.length} probed orders answered by their owners.`,
    );
  } finally {
    agent.destroy();
    await Promise.all([service.stop(), emptyService.stop()]);
  }
}

async function sendPlaceOrders(ctx: BenchContext, topic: string, count: number): Promise<string[]> {
  const producer = ctx.kafka.producer();
  await producer.connect();
  const ids: string[] = [];
  try {
    for (let first = 0; first < count; first += 200) {
      const messages = [];
      for (let i = first; i < Math.min(count, first + 200); i++) {
        const orderId = randomUUID();
        ids.push(orderId);
        const commandId = randomUUID();
        const value = orderCommands.encode({
          commandId,
          type: 'PlaceOrder',
          aggregateId: orderId,
          issuedAt: new Date().toISOString(),
          correlationId: commandId,
          causationId: commandId,
          data: {
            customerId: `cus_${i % 1000}`,
            currency: 'EUR',
            paymentToken: 'tok_visa',
            lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
            shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
          },
        });
        messages.push({ key: orderId, value });
      }
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return ids;
}

/** Until the group has committed the end of every partition of the topic. */
async function waitForGroup(ctx: BenchContext, groupId: string, topic: string): Promise<void> {
  for (const deadline = Date.now() + 5 * 60_000; Date.now() < deadline; await sleep(200)) {
    const [ends, [committed]] = await Promise.all([ctx.admin.fetchTopicOffsets(topic), ctx.admin.fetchOffsets({ groupId, topics: [topic] })]);
    const behind = ends.reduce((sum, end) => {
      const offset = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      return sum + Math.max(0, Number(end.high) - Math.max(0, Number(offset)));
    }, 0);
    if (behind === 0) return;
  }
  throw new Error(`${groupId} did not catch up with ${topic} within 5 minutes; see the order service's log in the run's log directory`);
}

async function answeredAll(agent: Agent, app: AppProcess, ids: readonly string[], statuses: readonly number[]): Promise<number> {
  const pending = new Set(ids);
  for (const deadline = Date.now() + 10 * 60_000; Date.now() < deadline; await sleep(20)) {
    await Promise.all(
      [...pending].map(async (id) => {
        const answer = await httpRequest(agent, app.url(`/orders/${id}`)).catch(() => undefined);
        if (answer && statuses.includes(answer.status)) pending.delete(id);
      }),
    );
    if (pending.size === 0) return performance.now() - app.spawnedAt;
  }
  throw new Error(`${app.label}: ${pending.size} orders still unanswered after 10 minutes`);
}
