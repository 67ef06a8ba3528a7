import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { topics } from '@rewind/contracts';
import { answersPing } from './ferretdb-local';
import { answersMetadata } from './kafka-local';

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

async function eventually(condition: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) {
    if (condition()) return;
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
