import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Saga } from '@rewind/testing';
import { inheritedEnvironment } from './env';

const workspaceRoot = join(__dirname, '..', '..', '..');

/** The repair CLI (`npm run repair`) as a real process against the saga's servers. */
export class RepairCli {
  /** Every CLI process a suite started, so that its end can stop any still running. */
  private static readonly started = new Set<RepairCli>();

  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private standardOutput = '';
  private standardError = '';

  constructor(saga: Saga, args: readonly string[], env: Readonly<Record<string, string>> = {}) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'repair', 'src', 'cli.ts'), ...args], {
      cwd: workspaceRoot,
      env: { ...inheritedEnvironment(), ...saga.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.standardOutput += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.standardError += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    RepairCli.started.add(this);
    void this.exited.then(() => RepairCli.started.delete(this));
  }

  /** SIGKILLs whatever is still running: for a suite's afterAll. */
  static async killAll(): Promise<void> {
    const running = [...RepairCli.started];
    for (const cli of running) cli.kill('SIGKILL');
    await Promise.all(running.map((cli) => cli.exited));
  }

  /** Its results. */
  get stdout(): string {
    return this.standardOutput;
  }

  /** Its progress and problems. */
  get stderr(): string {
    return this.standardError;
  }

  /** Its `--json` results so far, one object a line. */
  get results(): Record<string, unknown>[] {
    return this.standardOutput
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Runs a command to its end. */
  static async run(saga: Saga, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number | null; stdout: string; stderr: string; results: Record<string, unknown>[] }> {
    const cli = new RepairCli(saga, args, env);
    const code = await cli.exited;
    return { code, stdout: cli.stdout, stderr: cli.stderr, results: cli.results };
  }
}
