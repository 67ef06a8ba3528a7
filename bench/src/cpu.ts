import { readFileSync } from 'node:fs';

/** A process whose CPU time the bench follows: an app, a server it started, or the bench itself. */
export interface Watched {
  readonly name: string;
  readonly pid: number | undefined;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used so far, user and system, in seconds: fields 14 and 15 of
 * /proc/<pid>/stat, in clock ticks (100 a second on Linux). Undefined when the process is gone or
 * the system has no /proc.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    // "pid (comm) state …": comm may hold spaces and parentheses, so fields are counted after the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * What each watched process spent of the machine's CPU over a stretch of time, in cores (1 = one
 * core busy all along): where a level's time went when the machine, not Rewind, is the limit.
 * Processes with the same name are summed (two order-service instances).
 */
export class CpuMeter {
  private readonly started = new Map<number, { readonly name: string; readonly seconds: number }>();
  private startedAt = 0;

  constructor(private readonly watched: () => readonly Watched[]) {}

  start(): void {
    this.started.clear();
    this.startedAt = performance.now();
    for (const { name, pid } of this.watched()) {
      const seconds = pid === undefined ? undefined : cpuSeconds(pid);
      if (pid !== undefined && seconds !== undefined) this.started.set(pid, { name, seconds });
    }
  }

  /** Cores used by name since start(); a process that ended meanwhile is left out. */
  stop(): Map<string, number> {
    const elapsed = (performance.now() - this.startedAt) / 1000;
    const cores = new Map<string, number>();
    for (const [pid, { name, seconds }] of this.started) {
      const now = cpuSeconds(pid);
      if (now === undefined || elapsed <= 0) continue;
      cores.set(name, (cores.get(name) ?? 0) + (now - seconds) / elapsed);
    }
    return cores;
  }
}

/** A server the dev stack started, named for the table: its pid's command is `java` (Kafka) or `ferretdb`. */
export function serverOf(pid: number): Watched {
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    // gone already: measured as nothing
  }
  return { name: command === 'java' ? 'kafka' : command || `process ${pid}`, pid };
}
