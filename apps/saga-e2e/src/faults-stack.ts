import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, readDevStackEnv, startKafkaNode, startLocalFerretDb, startToxiproxy, type KafkaNode, type LocalFerretDb, type Proxy, type Toxiproxy } from '@rewind/dev-stack';

/**
 * The fault suite's own servers: a Kafka node that can be SIGKILLed and restarted on the same
 * data and ports, a FerretDB, and Toxiproxy in front of both. The apps reach the servers only
 * through the proxies (the broker advertises the proxy, so metadata keeps them behind it); the
 * test's own clients, which audit the logs and the read models, go straight to the servers.
 */
export interface FaultStack {
  readonly kafka: KafkaNode;
  readonly mongo: LocalFerretDb;
  readonly kafkaProxy: Proxy;
  readonly mongoProxy: Proxy;
  /** KAFKA_BROKERS and MONGODB_URI for the apps: through the proxies. */
  readonly appSettings: Readonly<Record<string, string>>;
  /** Copies the servers' logs next to the apps' and stops everything. */
  stop(logDir: string): Promise<void>;
}

export async function startFaultStack(): Promise<FaultStack> {
  const { cacheDir, kafkaHeap } = readDevStackEnv();
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-faults-'));
  let toxiproxy: Toxiproxy | undefined;
  let kafka: KafkaNode | undefined;
  let mongo: LocalFerretDb | undefined;
  const stopAll = async () => {
    await Promise.all([kafka?.stop(), mongo?.server.stop(), toxiproxy?.stop()]);
  };
  try {
    toxiproxy = await startToxiproxy({ cacheDir, workDir });
    const kafkaProxyAddress = `127.0.0.1:${await freePort()}`;
    [kafka, mongo] = await Promise.all([startKafkaNode({ cacheDir, workDir, heap: kafkaHeap, proxiedAddress: kafkaProxyAddress }), startLocalFerretDb({ cacheDir, workDir })]);
    const kafkaProxy = await toxiproxy.proxy('kafka', `127.0.0.1:${String(kafka.proxiedPort)}`, kafkaProxyAddress);
    const mongoProxy = await toxiproxy.proxy('mongodb', new URL(mongo.mongoUri).host);
    const [node, ferret] = [kafka, mongo];
    return {
      kafka: node,
      mongo: ferret,
      kafkaProxy,
      mongoProxy,
      appSettings: { KAFKA_BROKERS: kafkaProxy.listen, MONGODB_URI: `mongodb://${mongoProxy.listen}/` },
      async stop(logDir) {
        await stopAll();
        mkdirSync(logDir, { recursive: true });
        for (const [from, to] of [
          [join(workDir, 'kafka', 'kafka.out'), 'kafka.out'],
          [join(workDir, 'kafka', 'server.log'), 'kafka-server.log'],
          [join(workDir, 'toxiproxy', 'toxiproxy.log'), 'toxiproxy.log'],
        ] as const) {
          if (existsSync(from)) cpSync(from, join(logDir, to));
        }
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}
