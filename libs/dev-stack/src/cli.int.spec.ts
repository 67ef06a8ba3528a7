import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { topics } from '@rewind/contracts';
import type { AppStatus } from './app-supervisor';
import { answersPing } from './ferretdb-local';
import { answersMetadata } from './kafka-local';
import { freePort } from './processes';
import type { StackStatus } from './stack-status';

// These start a second, private stack from the jars and FerretDB (whatever servers the run itself
// uses), because what they check is the local stack's own life cycle: nothing may outlive it.
const cli = join(__dirname, 'cli.ts');

function startCli(args: string[]): { child: ChildProcessWithoutNullStreams; stderr: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, REWIND_INFRA: 'local' };
  delete env['KAFKA_BROKERS'];
  delete env['MONGODB_URI'];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', cli, ...args], { env, cwd: join(__dirname, '..', '..', '..') });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

/** The temporary directory the stack runs in, from the log locations the CLI prints. */
async function stackDirOf(stderr: () => string): Promise<string> {
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; await sleep(200)) {
    const logs = /server logs: (\S+?),/.exec(stderr());
    if (logs?.[1]) return dirname(dirname(logs[1]));
  }
  throw new Error(`the CLI never reported its servers:\n${stderr()}`);
}

/** Every process whose command line mentions the stack's directory: the servers and their leashes. */
function processesUsing(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        return cmdline.includes(dir) && state !== 'Z' ? [`${pid}: ${cmdline.slice(0, 120)}`] : [];
      } catch {
        return [];
      }
    });
}

/** The JVM and FerretDB among them. */
const serversUsing = (dir: string) => processesUsing(dir).filter((line) => /java|ferretdb/.test(line.split(' ')[1] ?? ''));

async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) {
    if (await Promise.resolve().then(condition).catch(() => false)) return;
  }
}

describe('the dev-stack CLI', () => {
  it('runs a command against a fresh local stack and leaves no server behind', async () => {
    const { child, stderr } = startCli(['exec', '--', 'node', '-e', 'console.log(process.env.KAFKA_BROKERS + " " + process.env.MONGODB_URI)']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const dir = await stackDirOf(stderr);
    const exitCode = await new Promise<number | null>((done) => child.once('exit', done));

    expect({ exitCode, stderr: stderr() }).toEqual({ exitCode: 0, stderr: expect.stringContaining(`topics: ${topics.length} created`) });
    const [brokers, mongoUri] = stdout.trim().split(' ');
    expect(brokers).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(mongoUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);

    expect(processesUsing(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    await expect(answersMetadata(brokers ?? '')).rejects.toThrow();
    await expect(answersPing(mongoUri ?? '')).rejects.toThrow();
  });

  it('leaves no server behind when it is SIGKILLed mid-run', async () => {
    const { child, stderr } = startCli(['exec', '--', 'sleep', '600']);
    const dir = await stackDirOf(stderr);
    await eventually(() => serversUsing(dir).length === 2, 60_000);
    expect(serversUsing(dir)).toHaveLength(2);

    child.kill('SIGKILL');
    await eventually(() => processesUsing(dir).length === 0 && !existsSync(dir), 30_000);

    expect(processesUsing(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    spawn('pkill', ['-f', '^sleep 600$']); // the command itself is the caller's, not the stack's
  });
});

// `npm start` (up) as a person runs it: in a terminal. `script` gives it a pseudo-terminal, so that
// Ctrl-C is the byte a keyboard sends, and closing the terminal is the hang-up a closed window causes.
const workspaceRoot = join(__dirname, '..', '..', '..');
const APP_NAMES = ['order-service', 'payment-service', 'projector', 'query-api', 'shipping-service'];
const DEFAULT_PORTS = [3001, 3002, 3003, 3004, 3005];

function upEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, REWIND_INFRA: 'local', REWIND_DATA_DIR: dataDir, SHELL: '/bin/sh' };
  delete env['KAFKA_BROKERS'];
  delete env['MONGODB_URI'];
  delete env['REWIND_KAFKA_SASL_BROKERS'];
  return env;
}

interface Terminal {
  output(): string;
  /** Resolves with the output so far once it matches; fails with it at the deadline. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  ctrlC(): void;
  close(): void;
  readonly exited: Promise<number | null>;
}

function upInTerminal(dataDir: string, portOffset: number): Terminal {
  // `exec`: the shell that script starts gives its place to up, so the exit code seen is up's own
  const up = [process.execPath, '-r', '@swc-node/register', join(__dirname, 'cli.ts'), 'up', '--port-offset', String(portOffset)];
  const command = `exec ${up.map((word) => `'${word}'`).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: workspaceRoot, env: upEnv(dataDir), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString().replace(/\r/g, '')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    async waitFor(pattern, timeoutMs = 240_000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) {
        if (pattern.test(output)) return output;
      }
      throw new Error(`never saw ${String(pattern)}; the terminal showed:\n${output.split('\n').slice(-60).join('\n')}`);
    },
    ctrlC: () => child.stdin.write('\x03'),
    // what a terminal window does when it closes: its side of the pseudo-terminal goes away
    close: () => child.kill('SIGKILL'),
    exited,
  };
}

async function stackCli(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'cli.ts'), ...args], {
      cwd: workspaceRoot,
      env: upEnv(dataDir),
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function statusOf(dataDir: string): Promise<StackStatus> {
  const { code, stdout, stderr } = await stackCli(dataDir, ['status', '--json']);
  if (code !== 0) throw new Error(`status failed (${code}): ${stderr}`);
  return JSON.parse(stdout) as StackStatus;
}

const appOf = (status: StackStatus, name: string): AppStatus => {
  const app = status.apps.find((candidate) => candidate.name === name);
  if (!app) throw new Error(`no ${name} in ${JSON.stringify(status)}`);
  return app;
};

async function isFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** An offset that puts the five apps on ports free now, away from a developer's own `npm start`. */
async function freePortOffset(): Promise<number> {
  for (;;) {
    const offset = (await freePort()) - 3001;
    if (offset > 0 && offset < 60_000 && (await Promise.all(DEFAULT_PORTS.map((port) => isFree(port + offset)))).every(Boolean)) return offset;
  }
}

/** Every live process that the stack of `dataDir` started: they all inherit REWIND_DATA_DIR. */
function processesOf(dataDir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .flatMap((pid) => {
      try {
        if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`REWIND_DATA_DIR=${dataDir}`)) return [];
        const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        return state === 'Z' ? [] : [`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`];
      } catch {
        return [];
      }
    });
}

const portsOf = (status: StackStatus, offset: number): number[] => [
  ...DEFAULT_PORTS.map((port) => port + offset),
  Number(status.stack?.kafkaBrokers.split(':')[1]),
  Number(/:(\d+)\/?$/.exec(status.stack?.mongoUri ?? '')?.[1]),
];

async function expectNothingLeft(dataDir: string, ports: readonly number[]): Promise<void> {
  await eventually(() => processesOf(dataDir).length === 0, 60_000);
  expect(processesOf(dataDir)).toEqual([]);
  expect(await Promise.all(ports.map(async (port) => [port, await isFree(port)]))).toEqual(ports.map((port) => [port, true]));
}

describe('npm start (up): a local cluster that keeps its data', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'rewind-up-')), 'data');
  let offset = 0;
  let orderId = '';
  /** The tokens the banner printed, by role: the README walk's $CUSTOMER_TOKEN and the others. */
  let tokens: Record<string, string> = {};
  const order = {
    // the customer the printed token is for
    customerId: 'cus_1',
    currency: 'EUR',
    paymentToken: 'tok_visa',
    lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
    shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  };
  const url = (port: number, path: string) => `http://127.0.0.1:${port + offset}${path}`;
  const as = (role: string): Record<string, string> => {
    const token = tokens[role];
    if (token === undefined) throw new Error(`the banner printed no ${role} token`);
    return { authorization: `Bearer ${token}` };
  };
  const read = async (port: number, path: string, role = 'operator') => (await (await fetch(url(port, path), { headers: as(role) })).json()) as { status?: string; customerId?: string };

  beforeAll(async () => {
    offset = await freePortOffset();
  });

  it('says once that every app is ready, reports a killed app and starts it again, restarts one on request, and stops all on Ctrl-C', async () => {
    const terminal = upInTerminal(dataDir, offset);
    try {
      const banner = await terminal.waitFor(/Rewind is ready: every app answers \/health\/ready/);
      expect(banner).toContain(`data: ${dataDir} (kept between starts`);
      for (const port of DEFAULT_PORTS) expect((await fetch(url(port, '/health/ready'))).status).toBe(200);
      // a ready-to-use token per role, printed beside the addresses as shell assignments
      tokens = Object.fromEntries([...banner.matchAll(/^ {2}([A-Z]+)_TOKEN=([\w.-]+)/gm)].map(([, role = '', token = '']) => [role.toLowerCase(), token]));
      expect(Object.keys(tokens).sort()).toEqual(['admin', 'customer', 'operator', 'warehouse']);

      const anonymous = await fetch(url(3001, '/orders'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
      expect(anonymous.status).toBe(401);
      const placed = await fetch(url(3001, '/orders'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'up-1', ...as('customer') },
        body: JSON.stringify(order),
      });
      expect(placed.status).toBe(201);
      orderId = ((await placed.json()) as { orderId: string }).orderId;
      // confirmed: the saga ran, and the projector folded it into the read model the query API reads
      await eventually(async () => (await read(3004, `/orders/${orderId}`)).status === 'confirmed', 120_000);

      const before = await statusOf(dataDir);
      expect(before.apps.map((app) => [app.name, app.phase])).toEqual(APP_NAMES.map((name) => [name, 'ready']));
      const projector = appOf(before, 'projector');
      process.kill(projector.pid ?? 0, 'SIGKILL');
      await terminal.waitFor(/dev-stack: projector exited \(signal SIGKILL\); restarting in 1 s\n/, 30_000);
      await terminal.waitFor(/dev-stack: projector is ready again \(process \d+\)/, 180_000);
      expect((await fetch(url(3005, '/health/live'))).status).toBe(200);
      const after = appOf(await statusOf(dataDir), 'projector');
      expect(after).toMatchObject({ phase: 'ready', restarts: 1, lastExit: 'signal SIGKILL' });
      expect(after.pid).not.toBe(projector.pid);

      const queryApi = appOf(before, 'query-api').pid;
      const restarted = await stackCli(dataDir, ['restart', 'query-api']);
      expect(restarted).toMatchObject({ code: 0, stdout: expect.stringMatching(/^query-api restarted: ready, process \d+\n$/) });
      expect(appOf(await statusOf(dataDir), 'query-api')).toMatchObject({ phase: 'ready', restarts: 0 });
      expect(appOf(await statusOf(dataDir), 'query-api').pid).not.toBe(queryApi);

      const ports = portsOf(before, offset);
      terminal.ctrlC();
      expect(await terminal.exited).toBe(0);
      expect(terminal.output()).toMatch(/dev-stack: stopping…\n[\s\S]*dev-stack: stopped\n/);
      await expectNothingLeft(dataDir, ports);
    } finally {
      terminal.close();
    }
  }, 600_000);

  it('starts again on the same data: the order placed before Ctrl-C is still there; closing the terminal stops everything', async () => {
    const terminal = upInTerminal(dataDir, offset);
    try {
      await terminal.waitFor(/Rewind is ready: every app answers \/health\/ready/);
      // from the log (the order service loads its partitions from orders.events) and from the read model,
      // with the tokens printed by the start before: the issuer's key is kept in the data directory
      const fromLog = await read(3001, `/orders/${orderId}`, 'customer');
      expect(fromLog).toMatchObject({ status: 'confirmed', customerId: 'cus_1' });
      const fromReadModel = await read(3004, `/orders/${orderId}`);
      expect(fromReadModel).toMatchObject({ status: 'confirmed' });

      const refused = await stackCli(dataDir, ['reset']);
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('stop it first') });

      const ports = portsOf(await statusOf(dataDir), offset);
      terminal.close();
      await terminal.exited;
      await expectNothingLeft(dataDir, ports);
    } finally {
      terminal.close();
    }
  }, 600_000);

  it('reset empties the data directory, so that the next start begins with empty servers', async () => {
    expect(readdirSync(dataDir).sort()).toEqual(['REWIND-DATA-DIR', 'ferretdb', 'issuer', 'kafka']);
    const reset = await stackCli(dataDir, ['reset']);
    expect(reset).toMatchObject({ code: 0, stdout: expect.stringContaining(`emptied ${dataDir} (kafka, ferretdb, issuer, REWIND-DATA-DIR)`) });
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);
});
