import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppDefinition } from './apps';
import { signalGroup, startLeash } from './processes';

export type AppPhase = 'starting' | 'ready' | 'waiting' | 'stopped';

export interface AppStatus {
  readonly name: string;
  /** starting: runs, not ready yet; ready: answered /health/ready; waiting: exited, starts again at `nextStartAt`. */
  readonly phase: AppPhase;
  readonly pid: number | undefined;
  /** Times it exited by itself and was started again (a `restart` asked for is not counted). */
  readonly restarts: number;
  /** How it last ended by itself: `code 1`, `signal SIGKILL`. */
  readonly lastExit: string | undefined;
  readonly nextStartAt: string | undefined;
  readonly url: string | undefined;
}

export const FIRST_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 30_000;
/** An app that ran this long before it crashed is not crash-looping: it starts again after the first delay. */
export const STABLE_RUN_MS = 60_000;

/**
 * Pure: how long to wait before starting an app again that exited by itself, and how many crashes
 * in a row that makes. 1 s, 2 s, 4 s … up to 30 s while it keeps crashing soon after its start; a
 * crash after a minute of running starts the count again. (Kubernetes' CrashLoopBackOff, shorter.)
 */
export function nextRestart(crashesInARow: number, ranForMs: number): { delayMs: number; crashesInARow: number } {
  const crashes = ranForMs >= STABLE_RUN_MS ? 1 : crashesInARow + 1;
  return { delayMs: Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (crashes - 1)), crashesInARow: crashes };
}

/** Pure: `code 1`, `signal SIGKILL`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal !== null ? `signal ${signal}` : `code ${String(code)}`;
}

/**
 * Pure: splits a stream's chunks into whole lines, each with `prefix` in front; a partial last line
 * waits for the rest (`flush` gives it at the end).
 */
export function linePrefixer(prefix: string): { push(chunk: string): string; flush(): string } {
  let pending = '';
  return {
    push(chunk) {
      const text = pending + chunk;
      const end = text.lastIndexOf('\n');
      pending = text.slice(end + 1);
      if (end < 0) return '';
      return `${text
        .slice(0, end)
        .split('\n')
        .map((line) => `${prefix}${line}`)
        .join('\n')}\n`;
    },
    flush() {
      const rest = pending;
      pending = '';
      return rest === '' ? '' : `${prefix}${rest}\n`;
    },
  };
}

export interface SupervisorOptions {
  readonly workspaceRoot: string;
  /** The app's whole environment: the stack's addresses, the issuer's AUTH_* settings, its serve target's env, PORT. */
  readonly env: NodeJS.ProcessEnv;
  /** Width of the name column in front of each line the app prints. */
  readonly nameWidth: number;
  /** The supervisor's own lines: a crash, a restart, ready again. */
  readonly say: (line: string) => void;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Runs one app as a child process in its own process group, on a leash (it dies with `up`, however
 * `up` ends), with its output prefixed by its name. When it exits by itself it is reported in one
 * line and started again after a back-off; `restart()` replaces it on request.
 */
export class AppSupervisor {
  private child: ChildProcess | undefined;
  private childExited: Promise<void> = Promise.resolve();
  private phase: AppPhase = 'stopped';
  private restarts = 0;
  private crashesInARow = 0;
  private lastExit: string | undefined;
  private nextStartAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly app: AppDefinition,
    private readonly options: SupervisorOptions,
  ) {}

  start(): void {
    this.stopping = false;
    this.spawnChild(false);
  }

  status(): AppStatus {
    return {
      name: this.app.name,
      phase: this.phase,
      pid: this.child?.pid,
      restarts: this.restarts,
      lastExit: this.lastExit,
      nextStartAt: this.phase === 'waiting' && this.nextStartAt !== undefined ? new Date(this.nextStartAt).toISOString() : undefined,
      url: this.app.url,
    };
  }

  /** Resolves true once the app answers /health/ready, false if it has not by the deadline. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (this.phase === 'ready') return true;
    const ready = new Promise<true>((resolve) => this.readyWaiters.push(() => resolve(true)));
    const deadline = new AbortController();
    const result = await Promise.race([ready, sleep(timeoutMs, false, { signal: deadline.signal }).catch(() => false)]);
    deadline.abort();
    return result;
  }

  /** Stops the running process (SIGTERM, SIGKILL after 15 s), starts a new one at once and waits until it is ready. */
  async restart(readyTimeoutMs = 120_000): Promise<AppStatus> {
    await this.stopChild();
    this.crashesInARow = 0;
    this.stopping = false;
    this.spawnChild(true);
    await this.whenReady(readyTimeoutMs);
    return this.status();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.stopChild();
    this.phase = 'stopped';
  }

  private async stopChild(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const child = this.child;
    // forgotten first, so that its exit is not taken for a crash
    this.child = undefined;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = this.childExited;
    signalGroup(child.pid, 'SIGTERM');
    const grace = new AbortController();
    const gone = await Promise.race([exited.then(() => true), sleep(15_000, false, { signal: grace.signal }).catch(() => true)]);
    grace.abort();
    if (!gone) {
      signalGroup(child.pid, 'SIGKILL');
      await exited;
    }
  }

  private spawnChild(announceReady: boolean): void {
    const [program = 'node', ...args] = this.app.command;
    const startedAt = Date.now();
    const child = spawn(program === 'node' ? process.execPath : program, args, {
      cwd: this.options.workspaceRoot,
      env: { ...this.options.env, PATH: `${join(this.options.workspaceRoot, 'node_modules', '.bin')}:${this.options.env['PATH'] ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      // a group of its own: Ctrl-C in the terminal reaches `up` only, which stops the apps in order
      detached: true,
    });
    this.child = child;
    this.phase = 'starting';
    this.nextStartAt = undefined;
    const prefix = `${this.app.name.padEnd(this.options.nameWidth)} | `;
    for (const [stream, write] of [
      [child.stdout, this.options.stdout],
      [child.stderr, this.options.stderr],
    ] as const) {
      const lines = linePrefixer(prefix);
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => write(lines.push(chunk)));
      stream.on('end', () => write(lines.flush()));
    }
    const leash = child.pid === undefined ? undefined : startLeash(process.pid, child.pid);
    this.childExited = new Promise<void>((resolve) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        leash?.kill('SIGKILL');
        resolve();
        this.onExit(child, describeExit(code, signal), Date.now() - startedAt);
      };
      child.once('exit', ended);
      // a program that cannot be started at all (ENOENT) never emits 'exit'
      child.once('error', (error) => {
        if (child.pid === undefined) ended(null, null);
        else this.options.say(`${this.app.name}: ${error.message}`);
      });
    });
    void this.pollReady(child, announceReady);
  }

  private onExit(child: ChildProcess, how: string, ranForMs: number): void {
    // stopped or replaced on purpose: not a crash
    if (this.child !== child || this.stopping) return;
    this.child = undefined;
    const next = nextRestart(this.crashesInARow, ranForMs);
    this.crashesInARow = next.crashesInARow;
    this.restarts += 1;
    this.lastExit = how;
    this.phase = 'waiting';
    this.nextStartAt = Date.now() + next.delayMs;
    this.options.say(`${this.app.name} exited (${how}); restarting in ${next.delayMs / 1000} s`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopping) this.spawnChild(true);
    }, next.delayMs);
  }

  private async pollReady(child: ChildProcess, announce: boolean): Promise<void> {
    if (this.app.port === undefined) return;
    const url = `http://127.0.0.1:${this.app.port}/health/ready`;
    while (this.child === child && child.exitCode === null && child.signalCode === null) {
      const answer = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (answer?.ok && this.child === child) {
        this.phase = 'ready';
        if (announce) this.options.say(`${this.app.name} is ready again (process ${String(child.pid)})`);
        const waiters = this.readyWaiters;
        this.readyWaiters = [];
        waiters.forEach((wake) => wake());
        return;
      }
      await sleep(250);
    }
  }
}
