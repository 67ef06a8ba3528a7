import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEAD_LETTER_TOPIC, deadLetterTopic, serviceTopics } from '@rewind/contracts';
import { freePort, provisionTopics } from '@rewind/dev-stack';
import { testServers } from './servers';
import { bearer, testAuthEnv, testToken, type TestRole } from './test-issuer';
import { createTestTopics } from './topics';
import { uniqueName } from './unique-name';

const workspaceRoot = join(__dirname, '..', '..', '..');
export type ServiceName = 'order-service' | 'payment-service' | 'shipping-service' | 'projector' | 'query-api';

/**
 * One of Rewind's services as a real process, on a port of its own; it can be killed and restarted.
 * Supervised, it is also started again whenever it exits by itself, as Kubernetes does with a pod's
 * container (a service exits when a Kafka consumer of its cannot get back into its group).
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  /** Times it exited by itself and was started again. */
  supervisorRestarts = 0;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
    private readonly supervised = false,
  ) {}

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', this.name, 'src', 'main.ts')], {
      cwd: workspaceRoot,
      // the test runner's own environment (PATH, HOME, …), then the service's settings
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    if (this.supervised) this.superviseChild(this.child);
    await this.ready();
  }

  private superviseChild(child: ChildProcess): void {
    child.once('exit', (code, signal) => {
      // stopped or killed by `stop` (it forgets the child first), or replaced: not for the supervisor
      if (this.child !== child) return;
      this.supervisorRestarts += 1;
      appendFileSync(this.logFile, `supervisor: exited by itself (code ${String(code)}, signal ${String(signal)}); starting it again\n`);
      this.start().catch((error: unknown) => appendFileSync(this.logFile, `supervisor: could not start it again: ${String(error)}\n`));
    });
  }

  /** SIGTERM asks for a graceful stop; SIGKILL is a crash. Resolves with the exit code (null when killed). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  /**
   * SIGSTOP: the process freezes mid-whatever, as in a long GC pause; its group sessions run out
   * while it cannot notice, and when `resume`d it carries on with the work it had in hand (a zombie).
   */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async restart(signal: NodeJS.Signals): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  private async ready(): Promise<void> {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(250)) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) break;
      const answer = await fetch(this.url('/health/ready')).catch(() => undefined);
      if (answer?.ok) return;
    }
    throw new Error(`${this.name} did not become ready; its log is ${this.logFile}`);
  }
}

export interface Saga {
  readonly orders: ServiceProcess;
  readonly payments: ServiceProcess;
  readonly shipping: ServiceProcess;
  readonly projector: ServiceProcess;
  readonly query: ServiceProcess;
  readonly namespace: string;
  /** What every service process is started with: the servers, the namespace, the database. */
  readonly env: Readonly<Record<string, string>>;
  /** The database the projector writes the read models to. */
  readonly database: string;
  /** Where the apps' logs go: tmp/e2e-logs/<namespace>/. */
  readonly logDir: string;
  /** A token of the admin role (the test issuer's): send it as `Authorization: Bearer …` to the admin endpoints. */
  readonly adminToken: string;
  /** Instances added with `addInstance`, each a process of its own with the same settings. */
  readonly extraInstances: readonly ServiceProcess[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Another instance of one of the apps, on a port of its own, started and ready: it joins the
   * same consumer groups, so the instances share the partitions (a scale-out). `stop` stops it too.
   */
  addInstance(name: ServiceName): Promise<ServiceProcess>;
}

export interface SagaOptions {
  /** Start an app again whenever it exits by itself, as Kubernetes does (the fault suite). */
  readonly supervised?: boolean;
  /** Settings of one app only, over the shared ones (the query API's EXPLORER_DIR). */
  readonly appSettings?: Partial<Record<ServiceName, Readonly<Record<string, string>>>>;
}

/**
 * The three services, the projector and the query API as real processes, on a topic namespace and
 * a database of the suite's own. `settings` go to every app (a suite with a broker of its own
 * passes KAFKA_BROKERS and MONGODB_URI).
 */
export async function startSaga(settings: Readonly<Record<string, string>> = {}, { supervised = false, appSettings = {} }: SagaOptions = {}): Promise<Saga> {
  const namespace = `${uniqueName('e2e')}.`;
  const database = uniqueName('e2e');
  const topics = ['orders', 'payments', 'shipments'].flatMap((service) => serviceTopics(`${namespace}${service}`)).concat({ ...deadLetterTopic(), name: `${namespace}${DEAD_LETTER_TOPIC}` });
  // a suite that brings a broker of its own (the fault suite) gets the topics there
  if (settings.KAFKA_BROKERS === undefined) await createTestTopics(topics);
  else await provisionTopics(settings.KAFKA_BROKERS, topics);
  const logDir = join(workspaceRoot, 'tmp', 'e2e-logs', namespace.slice(0, -1));
  mkdirSync(logDir, { recursive: true });
  const adminToken = await testToken('admin');
  const env = {
    // every app trusts the test issuer: `http` and `bearer` mint its tokens (and lets them through unlimited)
    ...(await testAuthEnv()),
    KAFKA_BROKERS: testServers().kafkaBrokers,
    MONGODB_URI: testServers().mongoUri,
    MONGODB_DATABASE: database,
    TOPIC_NAMESPACE: namespace,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    COMMAND_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'info',
    ...settings,
  };
  const make = async (name: ServiceName, instance = 1) =>
    new ServiceProcess(name, await freePort(), { ...env, ...appSettings[name] }, join(logDir, instance === 1 ? `${name}.log` : `${name}-${instance}.log`), supervised);
  const [orders, payments, shipping, projector, query] = await Promise.all([
    make('order-service'),
    make('payment-service'),
    make('shipping-service'),
    make('projector'),
    make('query-api'),
  ]);
  const all = [orders, payments, shipping, projector, query];
  const extraInstances: ServiceProcess[] = [];
  const saga: Saga = {
    orders,
    payments,
    shipping,
    projector,
    query,
    namespace,
    env,
    database,
    logDir,
    adminToken,
    extraInstances,
    start: async () => {
      await Promise.all(all.map((service) => service.start()));
    },
    stop: async () => {
      await Promise.all([...all, ...extraInstances].map((service) => service.stop()));
    },
    addInstance: async (name) => {
      const instance = await make(name, 2 + extraInstances.filter((other) => other.name === name).length);
      extraInstances.push(instance);
      await instance.start();
      return instance;
    },
  };
  await saga.start();
  return saga;
}

export interface HttpAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface HttpInit {
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /**
   * Who calls: a role of the test issuer (and a subject), or `anonymous` for no token. Unset, and
   * without an Authorization header: the role the endpoint is for (impliedCaller), so that a test
   * about something else need not say who it is.
   */
  readonly as?: { readonly role: TestRole; readonly subject?: string } | 'anonymous';
}

/**
 * Who calls an endpoint of Rewind when a test does not say: a customer places its own orders, the
 * warehouse moves shipments, an operator corrects and reads, an admin rebuilds, verifies, replays
 * and repairs (docs/security.md).
 */
export function impliedCaller(method: string, url: string, body: unknown): { role: TestRole; subject?: string } {
  const path = new URL(url).pathname;
  if (method === 'POST' && /^\/orders\/?$/.test(path)) {
    const customerId = (body as { customerId?: unknown } | undefined)?.customerId;
    return { role: 'customer', ...(typeof customerId === 'string' && customerId.length > 0 && customerId.length <= 200 ? { subject: customerId } : {}) };
  }
  if (/^\/(orders|shipments)\/[^/]+\/corrections\//.test(path)) return { role: 'operator' };
  if (method === 'POST' && /^\/shipments\/[^/]+\/(dispatch|deliver|fail)\/?$/.test(path)) return { role: 'warehouse' };
  if (/^\/(dead-letters|repairs)(\/|$)/.test(path) || (method === 'POST' && /^\/projections\//.test(path))) return { role: 'admin' };
  return { role: 'operator' };
}

/**
 * `Authorization: Bearer …` of the caller an endpoint is for (impliedCaller): for a test that sends
 * its requests with `fetch` itself (the fault load, with timeouts and retries of its own).
 */
export async function impliedBearer(method: string, url: string, body?: unknown): Promise<{ authorization: string }> {
  const caller = impliedCaller(method, url, body);
  return bearer(caller.role, caller.subject);
}

export async function http<T = Record<string, unknown>>(url: string, init: HttpInit = {}): Promise<HttpAnswer<T>> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers = { 'content-type': 'application/json', ...init.headers };
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (!hasAuthorization && init.as !== 'anonymous') {
    const caller = init.as ?? impliedCaller(method, url, init.body);
    Object.assign(headers, await bearer(caller.role, caller.subject));
  }
  const response = await fetch(url, {
    method,
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

/** Polls until `probe` returns something `accept` likes; fails with the last thing it saw. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  let last: T | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
    last = await probe();
    if (accept(last)) return last;
  }
  throw new Error(`gave up waiting; last saw ${JSON.stringify(last)}`);
}
