import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dockerIsReachable, startContainerStack } from './containers';
import { readDevStackEnv, type InfraMode, type ServerAddresses } from './env';
import { DevStackError } from './errors';
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
  /** The processes of the servers this process started (none for containers and external servers). */
  readonly serverPids: readonly number[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Keep the servers' data in the data directory (`REWIND_DATA_DIR`) between starts, and record the
   * stack there so that other processes (tests in another terminal, `npm run rebuild`, a second
   * `npm start`) use it instead of starting their own. Only `up`, the one long-lived owner, does.
   * Containers and external servers keep nothing here.
   */
  readonly persistent?: boolean;
  readonly log?: (line: string) => void;
}

export interface PublishedStack extends ServerAddresses {
  readonly ownerPid: number;
  readonly mode: InfraMode;
  readonly startedAt: string;
  readonly dataDir: string;
  /** The servers' processes, so that a start after a crash of their owner waits until its leashes ended them. */
  readonly serverPids: readonly number[];
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
    const external = attached(env.external, 'external');
    // `up` on external servers still records itself, so that status, restart and down find it
    return options.persistent ? publish(external, env.dataDir) : external;
  }

  const running = await findPublishedStack(env.dataDir);
  if (running) {
    log(`using the dev stack that process ${running.ownerPid} runs (since ${running.startedAt})`);
    return attached(running, running.mode);
  }

  const useContainers =
    env.requestedInfra === 'containers' || (env.requestedInfra === 'auto' && (await dockerIsReachable(env.dockerHostConfigured)));
  if (!options.persistent) return useContainers ? await startContainers(log) : await startLocal(env.cacheDir, env.kafkaHeap, log);

  mkdirSync(env.dataDir, { recursive: true });
  await waitForPreviousServers(env.dataDir, log);
  const stack = useContainers ? await startContainers(log) : await startLocal(env.cacheDir, env.kafkaHeap, log, env.dataDir);
  return publish(stack, env.dataDir);
}

/** Records the stack in its data directory until it stops. */
function publish(stack: DevStack, dataDir: string): DevStack {
  const published: PublishedStack = {
    ownerPid: process.pid,
    mode: stack.mode,
    kafkaBrokers: stack.kafkaBrokers,
    mongoUri: stack.mongoUri,
    kafkaSaslBrokers: stack.kafkaSaslBrokers,
    startedAt: new Date().toISOString(),
    dataDir,
    serverPids: stack.serverPids,
  };
  writeFileSync(stateFile(dataDir), JSON.stringify(published, null, 2));
  return {
    ...stack,
    async stop() {
      rmSync(stateFile(dataDir), { force: true });
      await stack.stop();
    },
  };
}

/** The stack another process published, if that process still runs and its servers answer. */
export async function findPublishedStack(dataDir: string): Promise<PublishedStack | undefined> {
  const published = readPublishedStack(dataDir);
  if (!published) return undefined;
  if (!isAlive(published.ownerPid)) return undefined;
  try {
    await Promise.all([answersMetadata(published.kafkaBrokers), answersPing(published.mongoUri)]);
    return published;
  } catch {
    return undefined;
  }
}

/** What the data directory records, whether or not its owner still runs. */
export function readPublishedStack(dataDir: string): PublishedStack | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(dataDir), 'utf8')) as PublishedStack;
  } catch {
    return undefined;
  }
}

/** Whether the process that published the stack of `dataDir` still runs (its servers may not answer yet). */
export function stackOwnerRuns(dataDir: string): boolean {
  const published = readPublishedStack(dataDir);
  return published !== undefined && isAlive(published.ownerPid);
}

export function stateFile(dataDir: string): string {
  return join(dataDir, 'running-stack.json');
}

/**
 * After an owner died without stopping its servers (SIGKILL), their leashes stop them within about
 * eleven seconds. A new start must wait for that: Kafka holds a lock on its log directory.
 */
async function waitForPreviousServers(dataDir: string, log: (line: string) => void): Promise<void> {
  const previous = readPublishedStack(dataDir);
  if (!previous || isAlive(previous.ownerPid)) return;
  const alive = () => (previous.serverPids ?? []).filter(isAlive);
  if (alive().length > 0) log(`waiting for the servers of a previous run (processes ${alive().join(', ')}) to stop`);
  for (const deadline = Date.now() + 30_000; alive().length > 0; await sleep(250)) {
    if (Date.now() > deadline) {
      throw new DevStackError(
        `the servers of a previous run (processes ${alive().join(', ')}) still use ${dataDir}`,
        `stop them (kill ${alive().join(' ')}), then start again`,
      );
    }
  }
  rmSync(stateFile(dataDir), { force: true });
}

function attached(addresses: ServerAddresses, mode: InfraMode): DevStack {
  return {
    kafkaBrokers: addresses.kafkaBrokers,
    mongoUri: addresses.mongoUri,
    kafkaSaslBrokers: addresses.kafkaSaslBrokers,
    mode,
    owned: false,
    logFiles: [],
    serverPids: [],
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
    serverPids: [],
    ended: new Promise<string>(() => undefined), // testcontainers gives no exit signal; health checks would
    stop: () => stack.stop(),
  };
}

/** Kafka and FerretDB from the cache, in a fresh temp dir, or in `dataDir` (kept) when one is given. */
async function startLocal(cacheDir: string, kafkaHeap: string, log: (line: string) => void, dataDir?: string): Promise<DevStack> {
  const keepData = dataDir !== undefined;
  const workDir = dataDir ?? mkdtempSync(join(tmpdir(), 'rewind-stack-'));
  mkdirSync(workDir, { recursive: true });
  const started = Date.now();
  const [kafka, ferret] = await Promise.allSettled([
    startLocalKafka({ cacheDir, workDir, heap: kafkaHeap, keepData }).then((k) => (log(`Kafka ready in ${seconds(started)} at ${k.brokers}`), k)),
    startLocalFerretDb({ cacheDir, workDir, keepData }).then((f) => (log(`FerretDB ready in ${seconds(started)} at ${f.mongoUri}`), f)),
  ]);
  const servers = [kafka, ferret].flatMap((result) => (result.status === 'fulfilled' ? [result.value.server] : []));
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    if (!keepData) rmSync(workDir, { recursive: true, force: true });
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
    serverPids: servers.map((server) => server.pid),
    ended: Promise.race(
      servers.map((server) => server.exited.then((code) => `${server.name} exited (code ${code}). End of ${server.logFile}:\n${tailOf(server.logFile)}`)),
    ),
    stop,
  };
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
