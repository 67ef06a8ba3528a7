import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Toxic } from '@rewind/dev-stack';
import { type Saga, type ServiceProcess, startSaga, testKafka, uniqueName } from '@rewind/testing';
import type { Kafka } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { auditAfterFault, LIVE_GENERATIONS } from './faults-audit';
import { CommandLedger, commandsOf, runFaultLoad } from './faults-load';
import { startFaultStack, type FaultStack } from './faults-stack';
import { PROJECTIONS, sagaGroups, settled } from './read-models';

// Issue 7's fault suite: the broker SIGKILLed and restarted, network faults between the apps and
// Kafka or MongoDB (Toxiproxy), and each app SIGKILLed, each while orders flow. After each fault:
// every acknowledged command is in its log exactly once, every saga is at its end, every read
// model equals an independent fold of the logs, and the dead-letter topic is empty (no poison
// here). The phases share one stack and build on each other: each audit covers the whole run.
const MINUTES = 60_000;
const CONCURRENCY = 7;
const workspaceRoot = join(__dirname, '..', '..', '..');

interface Phase {
  readonly acknowledgedBefore: number;
  readonly loadEnded: boolean;
}

interface FaultCounts {
  readonly fault: string;
  readonly faultsInjected: number;
  readonly commandsAcknowledged: number;
  /** Commands the clients had to send again (5xx, 202 or no answer), and failed reads: shows that the fault bit. */
  readonly attemptsRetried: number;
  readonly readsFailed: number;
  readonly eventsLost: number;
  readonly eventsDuplicated: number;
  readonly deadLetters: number;
  /** Apps that exited by themselves (a consumer out of its group for good) and were started again. */
  readonly appsRestartedBySupervisor: number;
  readonly seconds: number;
}

describe('faults while orders flow', () => {
  let stack: FaultStack;
  let saga: Saga;
  let kafka: Kafka;
  let mongo: MongoClient;
  let db: Db;
  const ledger = new CommandLedger();
  const results: FaultCounts[] = [];

  beforeAll(async () => {
    stack = await startFaultStack();
    // supervised like pods: an app that exits by itself is started again, and counted
    saga = await startSaga(stack.appSettings, { supervised: true });
    // the test's own clients go straight to the servers: the faults are the apps' alone
    kafka = testKafka(uniqueName('faults'), { brokers: [stack.kafka.brokers] });
    mongo = await MongoClient.connect(stack.mongo.mongoUri);
    db = mongo.db(saga.database);
  }, 5 * MINUTES);
  afterAll(async () => {
    await saga?.stop();
    await mongo?.close();
    await stack?.stop(join(workspaceRoot, 'tmp', 'e2e-logs', saga ? saga.namespace.slice(0, -1) : uniqueName('faults')));
  }, 2 * MINUTES);

  /**
   * Resolves once `count` commands have been acknowledged since the phase began (at once if they
   * already are); fails if the load ended before, since a fault then would hit no flow.
   */
  const acknowledged = async (phase: Phase, count: number) => {
    while (ledger.acknowledged.length < phase.acknowledgedBefore + count) {
      if (phase.loadEnded) throw new Error(`the load ended before ${count} of its commands were acknowledged (${ledger.acknowledged.length - phase.acknowledgedBefore})`);
      await sleep(100);
    }
  };

  /**
   * Runs `orders` orders and, while they flow, `inject` (which returns how many faults it
   * injected); then waits for the saga to come to rest and checks everything.
   */
  const underLoad = async (fault: string, orders: number, inject: (phase: Phase) => Promise<number>) => {
    const started = Date.now();
    const supervisorRestarts = () =>
      [saga.orders, saga.payments, saga.shipping, saga.projector, saga.query, ...saga.extraInstances].reduce((sum, app) => sum + app.supervisorRestarts, 0);
    const [retriedBefore, readsFailedBefore, restartsBefore] = [ledger.unsettledAttempts, ledger.failedReads, supervisorRestarts()];
    const phase = { acknowledgedBefore: ledger.acknowledged.length, loadEnded: false };
    const load = runFaultLoad(saga, ledger, orders, CONCURRENCY).finally(() => (phase.loadEnded = true));
    // the load's failure, if any, is what the test reports, not the injection's complaint about it
    const faultsInjected = await inject(phase).catch(async (error: unknown) => {
      await load;
      throw error;
    });
    await load;
    const audit = await auditAfterFault(kafka, db, saga.namespace, ledger);
    const counts: FaultCounts = {
      fault,
      faultsInjected,
      commandsAcknowledged: ledger.acknowledged.length - phase.acknowledgedBefore,
      attemptsRetried: ledger.unsettledAttempts - retriedBefore,
      readsFailed: ledger.failedReads - readsFailedBefore,
      eventsLost: audit.eventsLost,
      eventsDuplicated: audit.eventsDuplicated,
      deadLetters: audit.deadLetters,
      appsRestartedBySupervisor: supervisorRestarts() - restartsBefore,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    results.push(counts);
    mkdirSync(join(workspaceRoot, 'tmp', 'reliability'), { recursive: true });
    writeFileSync(join(workspaceRoot, 'tmp', 'reliability', 'faults.json'), `${JSON.stringify({ at: new Date().toISOString(), namespace: saga.namespace, results }, null, 2)}\n`);
    process.stdout.write(`fault suite: ${JSON.stringify(counts)}\n`);

    expect(counts.commandsAcknowledged).toBe(commandsOf(orders));
    expect(audit.problems).toEqual([]);
    expect({ eventsLost: audit.eventsLost, eventsDuplicated: audit.eventsDuplicated, deadLetters: audit.deadLetters }).toEqual({ eventsLost: 0, eventsDuplicated: 0, deadLetters: 0 });
    expect(Object.keys(audit.expected.orders)).toHaveLength(ledger.orders.length);
    for (const projection of PROJECTIONS) expect({ projection, models: audit.stored[projection] }).toEqual({ projection, models: audit.expected[projection] });
    return counts;
  };

  /** A toxic on a proxy for `ms`, then off again (also when the load fails meanwhile). */
  const withToxics = async (proxy: FaultStack['kafkaProxy'], toxics: readonly Toxic[], ms: number) => {
    const names = await Promise.all(toxics.map((toxic) => proxy.addToxic(toxic)));
    try {
      await sleep(ms);
    } finally {
      for (const name of names) await proxy.removeToxic(name);
    }
    return 1;
  };
  /** A process frozen by SIGSTOP for `ms`, then let go on (also when the load fails meanwhile). */
  const pausedFor = async (target: { pause(): void; resume(): void }, ms: number) => {
    target.pause();
    try {
      await sleep(ms);
    } finally {
      target.resume();
    }
    return 1;
  };
  const disabledFor = async (proxy: FaultStack['kafkaProxy'], ms: number) => {
    await proxy.setEnabled(false);
    try {
      await sleep(ms);
    } finally {
      await proxy.setEnabled(true);
    }
    return 1;
  };

  it(
    'the broker SIGKILLed and restarted three times during a load of orders',
    async () => {
      const orders = 28;
      let attemptsCaughtByAKill = 0;
      await underLoad('broker SIGKILLed and restarted', orders, async (phase) => {
        const spacing = Math.floor(commandsOf(orders) / 4);
        for (let kill = 1; kill <= 3; kill++) {
          await acknowledged(phase, kill * spacing);
          attemptsCaughtByAKill += ledger.attemptsInFlight;
          await stack.kafka.kill();
          await stack.kafka.start();
        }
        return 3;
      });
      expect(stack.kafka.starts).toBe(4);
      // The kills must land on commands in flight. Whether their clients then see an error (and
      // retry) or only a slower answer depends on how long the broker takes to come back: the
      // owner retries its transaction within COMMAND_TIMEOUT_MS, so both are correct answers.
      expect(attemptsCaughtByAKill).toBeGreaterThan(0);
    },
    12 * MINUTES,
  );

  it(
    'latency between the apps and Kafka',
    async () => {
      await underLoad('Kafka: latency 300 ± 200 ms each way', 14, async (phase) => {
        await acknowledged(phase, 3);
        return withToxics(
          stack.kafkaProxy,
          [
            { type: 'latency', stream: 'downstream', attributes: { latency: 300, jitter: 200 } },
            { type: 'latency', stream: 'upstream', attributes: { latency: 300, jitter: 200 } },
          ],
          10_000,
        );
      });
    },
    8 * MINUTES,
  );

  it(
    'connections between the apps and Kafka cut',
    async () => {
      await underLoad('Kafka: connections reset, then the proxy down', 14, async (phase) => {
        await acknowledged(phase, 3);
        // every connection, open or new, reset by the peer
        await withToxics(stack.kafkaProxy, [{ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } }], 6_000);
        await acknowledged(phase, 8);
        // then nothing listens at all
        await disabledFor(stack.kafkaProxy, 6_000);
        return 2;
      });
    },
    8 * MINUTES,
  );

  it(
    'requests between the apps and Kafka time out',
    async () => {
      await underLoad('Kafka: requests swallowed, connections closed after 3 s', 14, async (phase) => {
        await acknowledged(phase, 3);
        // past the apps' 6 s session timeout: groups lose members and rebalance
        return withToxics(stack.kafkaProxy, [{ type: 'timeout', stream: 'upstream', attributes: { timeout: 3_000 } }], 10_000);
      });
    },
    8 * MINUTES,
  );

  it(
    'latency between the apps and MongoDB',
    async () => {
      await underLoad('MongoDB: latency 300 ± 200 ms each way', 14, async (phase) => {
        await acknowledged(phase, 3);
        return withToxics(
          stack.mongoProxy,
          [
            { type: 'latency', stream: 'downstream', attributes: { latency: 300, jitter: 200 } },
            { type: 'latency', stream: 'upstream', attributes: { latency: 300, jitter: 200 } },
          ],
          10_000,
        );
      });
    },
    8 * MINUTES,
  );

  it(
    'connections between the apps and MongoDB cut',
    async () => {
      await underLoad('MongoDB: connections reset, then the proxy down', 14, async (phase) => {
        await acknowledged(phase, 3);
        await withToxics(stack.mongoProxy, [{ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } }], 6_000);
        await acknowledged(phase, 8);
        await disabledFor(stack.mongoProxy, 6_000);
        return 2;
      });
    },
    8 * MINUTES,
  );

  it(
    'each app SIGKILLed and restarted during a load of orders',
    async () => {
      const orders = 42;
      const apps = [saga.orders, saga.payments, saga.shipping, saga.projector, saga.query];
      await underLoad('each app SIGKILLed and restarted', orders, async (phase) => {
        const spacing = Math.floor(commandsOf(orders) / (apps.length + 2));
        for (const [index, app] of apps.entries()) {
          await acknowledged(phase, (index + 1) * spacing);
          await app.restart('SIGKILL');
        }
        return apps.length;
      });
    },
    12 * MINUTES,
  );
  it(
    'the broker paused (SIGSTOP) past the apps\' session timeout, then resumed',
    async () => {
      await underLoad('broker paused 15 s (SIGSTOP), then resumed', 14, async (phase) => {
        await acknowledged(phase, 3);
        // the apps' sessions last 6 s: every member is expelled when the coordinator wakes
        return pausedFor(stack.kafka, 15_000);
      });
    },
    10 * MINUTES,
  );

  it(
    'a projector paused mid-batch past its session while a second one takes over, then resumed (a zombie)',
    async () => {
      const second = await saga.addInstance('projector');
      try {
        await underLoad('projector paused 15 s (SIGSTOP) while a second instance took its partitions, then resumed', 21, async (phase) => {
          await acknowledged(phase, 5);
          // under load it is folding or writing a batch; it wakes up with that batch in hand and
          // its partitions owned by the other instance: its writes must change nothing
          return pausedFor(saga.projector, 15_000);
        });
      } finally {
        await second.stop();
      }
    },
    10 * MINUTES,
  );

  it(
    'orders.outcomes and orders.commands emptied by delete-records, then the order service restarted: every new command is decided',
    async () => {
      // what retention does to a quiet partition after 7 days: orders first, so there is something
      // to delete even when this phase runs alone, then the saga at rest, so no command in flight goes
      await runFaultLoad(saga, ledger, 7, CONCURRENCY);
      const admin = kafka.admin();
      await admin.connect();
      try {
        await settled(admin, sagaGroups(saga.namespace, LIVE_GENERATIONS), 3 * MINUTES);
        for (const topic of [`${saga.namespace}orders.outcomes`, `${saga.namespace}orders.commands`]) {
          const ends = await admin.fetchTopicOffsets(topic);
          await admin.deleteTopicRecords({ topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
          const emptied = await admin.fetchTopicOffsets(topic);
          expect(emptied.some(({ high }) => high !== '0')).toBe(true);
          expect(emptied.every(({ low, high }) => low === high)).toBe(true);
        }
      } finally {
        await admin.disconnect();
      }
      await saga.orders.restart('SIGTERM');
      await underLoad('orders.outcomes and orders.commands emptied by delete-records, the order service restarted', 14, async () => 1);
    },
    8 * MINUTES,
  );

  it(
    'three order-service instances, one added and one removed under load',
    async () => {
      const [second, third] = [await saga.addInstance('order-service'), await saga.addInstance('order-service')];
      let fourth: ServiceProcess | undefined;
      try {
        await underLoad('order service: three instances, a fourth added and one removed under load', 21, async (phase) => {
          await acknowledged(phase, 5);
          fourth = await saga.addInstance('order-service');
          await acknowledged(phase, 15);
          await second.stop('SIGTERM');
          return 2;
        });
      } finally {
        await Promise.all([second, third, fourth].map((instance) => instance?.stop()));
      }
    },
    10 * MINUTES,
  );
});
