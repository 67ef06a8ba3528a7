import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppSupervisor, describeExit, linePrefixer, nextRestart } from './app-supervisor';
import { freePort, isAlive } from './processes';

describe('nextRestart', () => {
  it('waits 1 s, then twice as long after each crash soon after a start, up to 30 s', () => {
    const delays: number[] = [];
    let crashes = 0;
    for (let i = 0; i < 7; i++) {
      const next = nextRestart(crashes, 2_000);
      delays.push(next.delayMs);
      crashes = next.crashesInARow;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('starts the count again for an app that ran a minute before it crashed', () => {
    expect(nextRestart(6, 60_000)).toEqual({ delayMs: 1_000, crashesInARow: 1 });
  });
});

describe('describeExit', () => {
  it('names the signal when there is one, else the code', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('signal SIGKILL');
    expect(describeExit(1, null)).toBe('code 1');
  });
});

describe('linePrefixer', () => {
  it('prefixes whole lines and holds a partial one until its end arrives', () => {
    const lines = linePrefixer('app | ');
    expect(lines.push('one\ntw')).toBe('app | one\n');
    expect(lines.push('o\n\nthree')).toBe('app | two\napp | \n');
    expect(lines.flush()).toBe('app | three\n');
    expect(lines.flush()).toBe('');
  });
});

/** An app in miniature: answers /health/ready on PORT, and says so on stdout. */
function tinyApp(): { root: string; script: string } {
  const root = mkdtempSync(join(tmpdir(), 'supervised-'));
  const script = join(root, 'app.js');
  writeFileSync(
    script,
    `require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));`,
  );
  return { root, script };
}

describe('AppSupervisor', () => {
  it('reports an app that was killed in one line, starts it again, restarts it on request, and stops it', async () => {
    const { root, script } = tinyApp();
    const port = await freePort();
    const said: string[] = [];
    let output = '';
    const supervisor = new AppSupervisor(
      { name: 'tiny', url: `http://127.0.0.1:${port}/`, port, command: ['node', script], env: {}, builds: [] },
      { workspaceRoot: root, env: { ...process.env, PORT: String(port) }, nameWidth: 6, say: (line) => said.push(line), stdout: (text) => (output += text), stderr: () => undefined },
    );
    try {
      supervisor.start();
      expect(await supervisor.whenReady(30_000)).toBe(true);
      const first = supervisor.status();
      expect(first).toMatchObject({ name: 'tiny', phase: 'ready', restarts: 0 });

      process.kill(first.pid ?? 0, 'SIGKILL');
      for (const deadline = Date.now() + 30_000; supervisor.status().phase !== 'ready' || supervisor.status().pid === first.pid; await sleep(100)) {
        if (Date.now() > deadline) break;
      }
      expect(supervisor.status()).toMatchObject({ phase: 'ready', restarts: 1, lastExit: 'signal SIGKILL' });
      expect(said).toEqual(['tiny exited (signal SIGKILL); restarting in 1 s', `tiny is ready again (process ${String(supervisor.status().pid)})`]);
      expect(output).toBe('tiny   | listening\ntiny   | listening\n');

      const second = supervisor.status().pid ?? 0;
      const restarted = await supervisor.restart(30_000);
      expect(restarted).toMatchObject({ phase: 'ready', restarts: 1 });
      expect(restarted.pid).not.toBe(second);
      expect(isAlive(second)).toBe(false);
    } finally {
      await supervisor.stop();
    }
    expect(supervisor.status()).toMatchObject({ phase: 'stopped', pid: undefined });
    expect((await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined))?.ok).toBeUndefined();
  }, 60_000);
});
