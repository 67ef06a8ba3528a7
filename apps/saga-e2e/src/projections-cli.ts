import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inheritedEnvironment } from './env';
import type { Saga } from './services';

const workspaceRoot = join(__dirname, '..', '..', '..');

/** The projections CLI (`npm run rebuild` / `npm run verify`) as a real process against the saga's servers. */
export class ProjectionsCli {
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private output = '';

  constructor(saga: Saga, args: readonly string[]) {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'projector', 'src', 'cli.ts'), ...args], {
      cwd: workspaceRoot,
      env: { ...inheritedEnvironment(), ...saga.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** What it printed so far, stdout and stderr together. */
  get printed(): string {
    return this.output;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Runs a command to its end. */
  static async run(saga: Saga, args: readonly string[]): Promise<{ code: number | null; printed: string }> {
    const cli = new ProjectionsCli(saga, args);
    const code = await cli.exited;
    return { code, printed: cli.printed };
  }
}
