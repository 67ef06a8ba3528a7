import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerIsReachable, startContainerStack } from './containers';
import { readDevStackEnv, type InfraMode, type ServerAddresses } from './env';
import { startLocalFerretDb } from './ferretdb-local';
import { answersMetadata, startLocalKafka } from './kafka-local';
import { answersPing } from './ferretdb-local';
import { isAlive, tailOf } from './processes';

export interface DevStack extends ServerAddresses {
  readonly mode: InfraMode;
  /** Whether this process started the servers, and so is the one that stops them. */
  readonly owned: boolean;
  /** Where the servers' logs are, when they run here. */
  readonly logFiles: readonly string[];
  /** Settles, with the reason, when a server that this process started ends by itself. */
  readonly ended: Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Record the stack in the cache so that other processes (tests in another terminal, a second
   * `npm start`) use it instead of starting their own. Only a long-lived owner should publish.
   */
  readonly publish?: boolean;
  readonly log?: (line: string) => void;
}

interface PublishedStack extends ServerAddresses {
  readonly ownerPid: number;
  readonly mode: InfraMode;
  readonly startedAt: string;
}

/**
 * Gives the caller a Kafka and a MongoDB-wire server, in this order of preference: the ones named
 * by KAFKA_BROKERS / MONGODB_URI; a stack that `npm start` already runs; containers where Docker
 * answers (or REWIND_INFRA=containers); otherwise Kafka from its jars and FerretDB, started here.
 */
export async function startDevStack(options: StartOptions = {}): Promise<DevStack> {
  const log = options.log ?? (() => undefined);
  const env = readDevStackEnv();
  if (env.external) {
    log(`using external servers: Kafka ${env.external.kafkaBrokers}, MongoDB ${env.external.mongoUri}`);
    return attached(env.external, 'external');
  }

  const running = await findPublishedStack(env.cacheDir);
  if (running) {
    log(`using the dev stack that process ${running.ownerPid} runs (since ${running.startedAt})`);
    return attached(running, running.mode);
  }

  const useContainers =
    env.requestedInfra === 'containers' || (env.requestedInfra === 'auto' && (await dockerIsReachable(env.dockerHostConfigured)));
  const stack = useContainers ? await startContainers(log) : await startLocal(env.cacheDir, env.kafkaHeap, log);

  if (!options.publish) return stack;
  const published: PublishedStack = {
    ownerPid: process.pid,
    mode: stack.mode,
    kafkaBrokers: stack.kafkaBrokers,
    mongoUri: stack.mongoUri,
    kafkaSaslBrokers: stack.kafkaSaslBrokers,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(stateFile(env.cacheDir), JSON.stringify(published, null, 2));
  return {
    ...stack,
    async stop() {
      rmSync(stateFile(env.cacheDir), { force: true });
      await stack.stop();
    },
  };
}

/** The stack another process published, if that process still runs and its servers answer. */
export async function findPublishedStack(cacheDir: string): Promise<PublishedStack | undefined> {
  let published: PublishedStack;
  try {
    published = JSON.parse(readFileSync(stateFile(cacheDir), 'utf8')) as PublishedStack;
  } catch {
    return undefined;
  }
  if (!isAlive(published.ownerPid)) {
    rmSync(stateFile(cacheDir), { force: true });
    return undefined;
  }
  try {
    await Promise.all([answersMetadata(published.kafkaBrokers), answersPing(published.mongoUri)]);
    return published;
  } catch {
    return undefined;
  }
}

export function stateFile(cacheDir: string): string {
  return join(cacheDir, 'running-stack.json');
}

function attached(addresses: ServerAddresses, mode: InfraMode): DevStack {
  return {
    kafkaBrokers: addresses.kafkaBrokers,
    mongoUri: addresses.mongoUri,
    kafkaSaslBrokers: addresses.kafkaSaslBrokers,
    mode,
    owned: false,
    logFiles: [],
    ended: new Promise<string>(() => undefined),
    stop: async () => undefined,
  };
}

async function startContainers(log: (line: string) => void): Promise<DevStack> {
  const started = Date.now();
  const stack = await startContainerStack();
  log(`containers ready in ${seconds(started)}: Kafka ${stack.kafkaBrokers}, MongoDB ${stack.mongoUri}`);
  return {
    kafkaBrokers: stack.kafkaBrokers,
    mongoUri: stack.mongoUri,
    mode: 'containers',
    owned: true,
    logFiles: [],
    ended: new Promise<string>(() => undefined), // testcontainers gives no exit signal; health checks would
    stop: () => stack.stop(),
  };
}

async function startLocal(cacheDir: string, kafkaHeap: string, log: (line: string) => void): Promise<DevStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-stack-'));
  const started = Date.now();
  const [kafka, ferret] = await Promise.allSettled([
    startLocalKafka({ cacheDir, workDir, heap: kafkaHeap }).then((k) => (log(`Kafka ready in ${seconds(started)} at ${k.brokers}`), k)),
    startLocalFerretDb({ cacheDir, workDir }).then((f) => (log(`FerretDB ready in ${seconds(started)} at ${f.mongoUri}`), f)),
  ]);
  const servers = [kafka, ferret].flatMap((result) => (result.status === 'fulfilled' ? [result.value.server] : []));
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(workDir, { recursive: true, force: true });
  };
  if (kafka.status === 'rejected' || ferret.status === 'rejected') {
    await stop();
    throw kafka.status === 'rejected' ? kafka.reason : (ferret as PromiseRejectedResult).reason;
  }
  return {
    kafkaBrokers: kafka.value.brokers,
    mongoUri: ferret.value.mongoUri,
    kafkaSaslBrokers: kafka.value.saslBrokers,
    mode: 'local',
    owned: true,
    logFiles: servers.map((server) => server.logFile),
    ended: Promise.race(
      servers.map((server) => server.exited.then((code) => `${server.name} exited (code ${code}). End of ${server.logFile}:\n${tailOf(server.logFile)}`)),
    ),
    stop,
  };
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
