import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inheritedEnvironment } from './env';
import type { Saga } from '@rewind/testing';

const workspaceRoot = join(__dirname, '..', '..', '..');

/** The projections CLI (`npm run rebuild` / `npm run verify`) as a real process against the saga's servers. */
export class ProjectionsCli {
  /** Every CLI process a suite started, so that its end can stop any still running. */
  private static readonly started = new Set<ProjectionsCli>();

  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private output = '';
  private standardOutput = '';

  /** `env`: settings of this run only, over the saga's (a rebuild Job's REBUILD_REQUEST_ID). */
  constructor(saga: Saga, args: readonly string[], env: Readonly<Record<string, string>> = {}) {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'projector', 'src', 'cli.ts'), ...args], {
      cwd: workspaceRoot,
      env: { ...inheritedEnvironment(), ...saga.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      this.standardOutput += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    ProjectionsCli.started.add(this);
    void this.exited.then(() => ProjectionsCli.started.delete(this));
  }

  /** SIGKILLs whatever is still running: for a suite's afterAll. */
  static async killAll(): Promise<void> {
    const running = [...ProjectionsCli.started];
    for (const cli of running) cli.kill('SIGKILL');
    await Promise.all(running.map((cli) => cli.exited));
  }

  /** What it printed so far, stdout and stderr together. */
  get printed(): string {
    return this.output;
  }

  /** Its results alone (stdout): what `--json` output is parsed from; diagnostics go to stderr. */
  get stdout(): string {
    return this.standardOutput;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Runs a command to its end. */
  static async run(saga: Saga, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number | null; printed: string; stdout: string }> {
    const cli = new ProjectionsCli(saga, args, env);
    const code = await cli.exited;
    return { code, printed: cli.printed, stdout: cli.stdout };
  }
}
