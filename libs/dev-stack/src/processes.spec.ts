import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevStackError } from './errors';
import { isAlive, startServer, waitUntilReady } from './processes';

async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
    if (condition()) return true;
  }
  return condition();
}

describe('startServer', () => {
  it('stops the server with SIGTERM and waits until it is gone', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'server-'));
    const server = startServer({ name: 'sleeper', command: 'sleep', args: ['300'], cwd: workDir, logFile: join(workDir, 'log'), cleanupDir: workDir });
    expect(isAlive(server.pid)).toBe(true);
    await server.stop();
    expect(server.hasExited()).toBe(true);
    expect(isAlive(server.pid)).toBe(false);
  });

  it('leaves nothing behind when its owner is SIGKILLed', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'server-'));
    // an owner process that starts a server and then is killed without any chance to clean up
    const owner = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `const { startServer } = require(${JSON.stringify(join(__dirname, 'processes.ts'))});
         const server = startServer({ name: 'sleeper', command: 'sleep', args: ['300'], cwd: ${JSON.stringify(workDir)},
           logFile: ${JSON.stringify(join(workDir, 'log'))}, cleanupDir: ${JSON.stringify(workDir)} });
         console.log(String(server.pid)); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let printed = '';
    owner.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const serverPid = () => Number(/(\d+)/.exec(printed)?.[1]);
    let aliveBeforeKill = false;
    try {
      // String(): under FORCE_COLOR (as Nx runs tasks) console.log would colour a bare number
      await eventually(() => /^\d+\s/.test(printed), 10_000);
      aliveBeforeKill = isAlive(serverPid());
    } finally {
      owner.kill('SIGKILL');
    }
    expect({ printed, aliveBeforeKill }).toEqual({ printed: expect.stringMatching(/^\d+\s/), aliveBeforeKill: true });

    expect(await eventually(() => !isAlive(serverPid()), 20_000)).toBe(true);
    expect(await eventually(() => !existsSync(workDir), 20_000)).toBe(true);
  }, 30_000);
});

describe('waitUntilReady', () => {
  it('reports the end of the log when the server dies during start-up', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'server-'));
    const server = startServer({
      name: 'broken',
      command: 'sh',
      args: ['-c', 'echo "port already in use" >&2; exit 3'],
      cwd: workDir,
      logFile: join(workDir, 'log'),
      cleanupDir: workDir,
    });
    const failure = waitUntilReady(server, () => Promise.reject(new Error('not yet')), 10_000);
    await expect(failure).rejects.toThrow(DevStackError);
    await expect(failure).rejects.toThrow(/broken exited during start-up[\s\S]*port already in use/);
  });
});
