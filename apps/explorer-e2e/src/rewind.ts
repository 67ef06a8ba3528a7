import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEAD_LETTER_TOPIC, deadLetterTopic, serviceTopics } from '@rewind/contracts';
import { createTestTopics, freePort, testServers, uniqueName } from '@rewind/testing';

// Rewind as the explorer meets it: the three services, the projector and the query API as real
// processes, on a topic namespace and a database of the suite's own (as apps/saga-e2e starts them),
// the query API serving an explorer built for this run.

export const workspaceRoot = join(__dirname, '..', '..', '..');
type AppName = 'order-service' | 'payment-service' | 'shipping-service' | 'projector' | 'query-api';

export interface RunningApp {
  readonly name: AppName;
  url(path: string): string;
  stop(): Promise<void>;
}

export interface Rewind {
  readonly orders: RunningApp;
  readonly shipping: RunningApp;
  readonly query: RunningApp;
  readonly namespace: string;
  readonly adminToken: string;
  /** Where this run's logs, build and screenshots go: tmp/e2e-logs/<namespace>/. */
  readonly workDir: string;
  stop(): Promise<void>;
}

/** Builds the explorer into the run's own folder with the workspace's Vite config, as `nx build explorer` does into dist/. */
export async function buildExplorer(outDir: string): Promise<void> {
  const vite = join(workspaceRoot, 'node_modules', '.bin', 'vite');
  const child = spawn(vite, ['build', '--config', 'apps/explorer/vite.config.mjs', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: workspaceRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`vite build of the explorer exited with ${code}`);
}

export async function startRewind(): Promise<Rewind> {
  const namespace = `${uniqueName('explorer')}.`;
  const workDir = join(workspaceRoot, 'tmp', 'e2e-logs', namespace.slice(0, -1));
  mkdirSync(workDir, { recursive: true });
  const explorerDir = join(workDir, 'explorer');
  await Promise.all([
    buildExplorer(explorerDir),
    createTestTopics(['orders', 'payments', 'shipments'].flatMap((service) => serviceTopics(`${namespace}${service}`)).concat({ ...deadLetterTopic(), name: `${namespace}${DEAD_LETTER_TOPIC}` })),
  ]);
  const adminToken = randomBytes(32).toString('hex');
  const env = {
    KAFKA_BROKERS: testServers().kafkaBrokers,
    MONGODB_URI: testServers().mongoUri,
    MONGODB_DATABASE: uniqueName('explorer'),
    TOPIC_NAMESPACE: namespace,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    COMMAND_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'info',
    ADMIN_TOKEN: adminToken,
  };
  const names: AppName[] = ['order-service', 'payment-service', 'shipping-service', 'projector', 'query-api'];
  const apps = await Promise.all(names.map(async (name) => startApp(name, { ...env, ...(name === 'query-api' ? { EXPLORER_DIR: explorerDir } : {}) }, join(workDir, `${name}.log`))));
  const app = (name: AppName) => apps.find((each) => each.name === name) as RunningApp;
  return {
    orders: app('order-service'),
    shipping: app('shipping-service'),
    query: app('query-api'),
    namespace,
    adminToken,
    workDir,
    stop: async () => {
      await Promise.all(apps.map((each) => each.stop()));
    },
  };
}

async function startApp(name: AppName, env: Readonly<Record<string, string>>, logFile: string): Promise<RunningApp> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')], {
    cwd: workspaceRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(250)) {
    if (child.exitCode !== null) break;
    if ((await fetch(url('/health/ready')).catch(() => undefined))?.ok) return { name, url, stop };
  }
  await stop();
  throw new Error(`${name} did not become ready; its log is ${logFile}`);
}

/** Polls until `probe` gives something `accept` likes; fails with the last thing it saw. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  let last: T | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) {
    last = await probe();
    if (accept(last)) return last;
  }
  throw new Error(`gave up waiting; last saw ${JSON.stringify(last)}`);
}

/** A JSON call to one of the apps: its status and body. */
export async function http<T = Record<string, unknown>>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}
