import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

/** An instance of the tally service as a process of its own (tally-processor.main.ts), with what it has logged so far. */
export class TallyProcess {
  readonly lines: Record<string, unknown>[] = [];
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(brokers: string, service: string, env: Readonly<Record<string, string>> = {}, sessionTimeoutMs = 6_000) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'tally-processor.main.ts'), brokers, service, String(sessionTimeoutMs), '50'], {
      cwd: workspaceRoot,
      env: { ...process.env, ...env },
    });
    let buffered = '';
    this.child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    });
  }

  /** Resolves once it has logged a line that `predicate` likes. */
  async until(predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
      const line = this.lines.find(predicate);
      if (line) return line;
    }
    throw new Error(`instance ${this.child.pid} never logged the awaited line; it logged:\n${this.lines.map((l) => JSON.stringify(l)).join('\n')}`);
  }

  /** Its URL, once it has started. */
  async started(): Promise<string> {
    return String((await this.until((line) => line['message'] === 'started'))['url']);
  }

  /** SIGSTOP freezes it mid-whatever (a long GC pause); SIGCONT lets it go on with the work it had in hand. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    if (!this.alive) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    return exited;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}
