import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevStackError } from './errors';

export interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a short command to completion and captures what it printed (stdout and stderr together). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Fails with a hint when a tool the dev stack needs is not on the PATH. */
export async function requireTool(command: string, versionArgs: readonly string[], hint: string): Promise<string> {
  try {
    const { code, output } = await runCommand(command, versionArgs);
    if (code === 0) return output.trim();
    throw new DevStackError(`\`${command} ${versionArgs.join(' ')}\` failed:\n${output}`, hint);
  } catch (error) {
    if (error instanceof DevStackError) throw error;
    throw new DevStackError(`${command} is not installed (needed by the dev stack)`, hint);
  }
}

export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code once the process has ended, however it ended. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a long-running server in its own process group, writing to a log file, on a leash:
 * a tiny shell watchdog kills the group (and removes `cleanupDir`, if given) once the owner process
 * dies, so a SIGKILLed test runner or a closed terminal never leaves a JVM or FerretDB behind.
 */
export function startServer(spec: {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** A throw-away directory to remove once the owner is gone; a stack whose data is kept has none. */
  cleanupDir?: string | undefined;
}): ServerProcess {
  const log = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) throw new DevStackError(`could not start ${spec.name} (${spec.command})`);
  child.unref();

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });

  const leash = startLeash(process.pid, pid, spec.cleanupDir);

  return {
    name: spec.name,
    pid,
    logFile: spec.logFile,
    exited,
    hasExited: () => exitCode !== undefined,
    async stop(graceMs = 15_000) {
      leash.kill('SIGKILL');
      if (exitCode !== undefined) return;
      // an unref'd child does not keep Node alive: without this, a process whose last work is
      // this stop would simply end, leaving the server running
      child.ref();
      signalGroup(pid, 'SIGTERM');
      const grace = new AbortController();
      const gone = await Promise.race([
        exited.then(() => true),
        sleep(graceMs, false, { signal: grace.signal }).catch(() => true),
      ]);
      grace.abort();
      if (!gone) {
        signalGroup(pid, 'SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * A watchdog for a process that leads its own group: once `ownerPid` is gone it sends SIGTERM to the
 * group, SIGKILL ten seconds later, and removes `cleanupDir` if given. It ends by itself when the
 * watched process ends first; kill it (SIGKILL) when the owner stops the process itself.
 */
export function startLeash(ownerPid: number, watchedPid: number, cleanupDir?: string): ChildProcess {
  // dash's kill takes no `--`, so a negative pid (the group) goes straight after the signal.
  // Polls once a second; once the owner is gone it ends the watched process's whole group and its files.
  const script = [
    'while kill -0 "$0" 2>/dev/null && kill -0 "$1" 2>/dev/null; do sleep 1; done',
    // the process ended by itself: its owner still runs, reports it (log included) and cleans up
    'kill -0 "$0" 2>/dev/null && exit 0',
    'kill -TERM "-$1" 2>/dev/null',
    'for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$1" 2>/dev/null || break; sleep 1; done',
    'kill -KILL "-$1" 2>/dev/null',
    '[ -n "$2" ] && rm -rf -- "$2"',
  ].join('\n');
  const leash = spawn('sh', ['-c', script, String(ownerPid), String(watchedPid), cleanupDir ?? ''], {
    detached: true,
    stdio: 'ignore',
  });
  leash.unref();
  return leash;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Whether a process runs; a zombie that nobody has reaped yet counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces, so read after the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Loopback ports for a server whose data is kept: the ones recorded in `file` when every one of
 * them is free, so its address stays the same from one start to the next; otherwise (or the first
 * time) free ones, recorded for next time.
 */
export async function keptPorts<Name extends string>(file: string, names: readonly Name[]): Promise<Record<Name, number>> {
  let kept: Partial<Record<Name, number>> = {};
  try {
    kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<Name, number>>;
  } catch {
    // none recorded yet
  }
  const recorded = names.map((name) => kept[name]);
  if (recorded.every((port): port is number => Number.isInteger(port)) && (await Promise.all(recorded.map(portIsFree))).every(Boolean)) {
    return kept as Record<Name, number>;
  }
  const ports = {} as Record<Name, number>;
  for (const name of names) ports[name] = await freePort();
  writeFileSync(file, `${JSON.stringify(ports)}\n`);
  return ports;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The last lines of a log file, to put in an error message. */
export function tailOf(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

/**
 * Polls `probe` until it succeeds, the server dies, or the deadline passes; the error then
 * carries the end of the server's log, which is where the reason is.
 */
export async function waitUntilReady(server: ServerProcess, probe: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.hasExited()) {
      throw new DevStackError(`${server.name} exited during start-up. End of ${server.logFile}:\n${tailOf(server.logFile)}`);
    }
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await sleep(250);
    }
  }
  throw new DevStackError(
    `${server.name} did not become ready within ${timeoutMs / 1000} s (${String(lastError)}). End of ${server.logFile}:\n${tailOf(server.logFile)}`,
  );
}
