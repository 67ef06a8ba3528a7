import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { workspaceRoot } from './paths';

export const APP_NAMES = ['order-service', 'payment-service', 'shipping-service', 'projector', 'query-api'] as const;
export type AppName = (typeof APP_NAMES)[number];

/**
 * The V8 flags every app runs with, as docker/Dockerfile's CMD gives them (app-process.spec.ts holds
 * the two together). A young generation of 4 MB semi-spaces instead of V8's 16 MB: what survives a
 * batch is collected sooner, and each app's resident memory is 20–150 MB lower under load. An old
 * generation of at most 256 MiB: V8 sizes the heap from the memory it sees, and on a host with
 * gigabytes (this bench's, a container without a limit) it lets the old generation grow to about four
 * times what is live before it collects (the projector: 60 MB live, 230 MB of heap); at 256 MiB it
 * collects at about 1.3 times (docs/performance.md).
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=256'] as const;

/** Builds the apps' production bundles into dist/ (cached by Nx when nothing changed). */
export function buildApps(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(workspaceRoot, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', '-p', APP_NAMES.join(','), '--outputStyle=static'], {
      cwd: workspaceRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the apps failed (${code}):\n${output.slice(-2000)}`))));
  });
}

/**
 * One of Rewind's apps as a child process, from its production build (`nx build <app>`, what the
 * container images run), so that its resident memory is the deployed one and can be read from /proc.
 */
/** Every app child this process has started and not yet seen exit: killed if the bench is interrupted. */
const live = new Set<ChildProcess>();

export function killAllApps(): void {
  for (const child of live) child.kill('SIGKILL');
}

export class AppProcess {
  private child: ChildProcess | undefined;
  /** When the last start() spawned the process, by the monotonic clock (ms). */
  spawnedAt = 0;

  constructor(
    readonly name: AppName,
    readonly label: string,
    readonly port: number,
    private readonly env: Readonly<Record<string, string>>,
    private readonly logDir: string,
    private readonly cpuProfileDir: string | undefined,
  ) {}

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until /health/ready answers 200. */
  async start(extraEnv: Readonly<Record<string, string>> = {}): Promise<void> {
    this.spawn(extraEnv);
    await this.ready();
  }

  spawn(extraEnv: Readonly<Record<string, string>> = {}): void {
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(join(this.logDir, `${this.label}.log`), 'a');
    const profile = this.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${this.cpuProfileDir}`, `--cpu-prof-name=${this.label}-${Date.now()}.cpuprofile`] : [];
    this.spawnedAt = performance.now();
    // the production build, as the container images run it (docker/Dockerfile: node main.js in dist/<app>)
    this.child = spawn(process.execPath, [...profile, ...APP_NODE_FLAGS, join('dist', this.name, 'main.js')], {
      cwd: workspaceRoot,
      env: { ...process.env, ...this.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const child = this.child;
    live.add(child);
    child.once('exit', () => live.delete(child));
  }

  async ready(timeoutMs = 120_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) break;
      const answer = await fetch(this.url('/health/ready')).catch(() => undefined);
      await answer?.arrayBuffer();
      if (answer?.ok) return;
    }
    throw new Error(`${this.label} did not become ready; its log is ${join(this.logDir, `${this.label}.log`)}`);
  }

  /** Resident set size in MB, from /proc/<pid>/status (VmRSS); undefined when not running. */
  rssMb(): number | undefined {
    return this.statusMb('VmRSS');
  }

  private statusMb(field: 'VmRSS' | 'VmHWM'): number | undefined {
    if (this.pid === undefined || this.child?.exitCode !== null) return undefined;
    try {
      const match = readFileSync(`/proc/${this.pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** The highest resident set size the process has had so far, in MB, from /proc/<pid>/status (VmHWM); undefined when not running. */
  peakRssMb(): number | undefined {
    return this.statusMb('VmHWM');
  }

  /** SIGTERM: the graceful stop (a CPU profile is written on it). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(forced);
  }
}

/** Samples the RSS of some apps every `everyMs` and keeps each one's peak. */
export class MemorySampler {
  private readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly apps: () => readonly AppProcess[]) {}

  start(everyMs = 200): void {
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    for (const app of this.apps()) {
      const rss = app.rssMb();
      if (rss !== undefined) this.peaks.set(app.name, Math.max(this.peaks.get(app.name) ?? 0, rss));
    }
  }

  stop(): ReadonlyMap<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peaks;
  }
}
