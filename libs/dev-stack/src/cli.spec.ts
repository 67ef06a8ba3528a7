import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The CLI as a user runs it, with a cache and a data directory of its own: if it started anything,
// the (empty) cache would be filled or the data directory created.
function runCli(args: string[]): { status: number | null; stdout: string; stderr: string; cacheDir: string; dataDir: string } {
  const cacheDir = mkdtempSync(join(tmpdir(), 'cli-cache-'));
  const dataDir = join(mkdtempSync(join(tmpdir(), 'cli-data-')), 'rewind');
  const env: NodeJS.ProcessEnv = { ...process.env, REWIND_CACHE_DIR: cacheDir, REWIND_DATA_DIR: dataDir, REWIND_INFRA: 'local' };
  delete env['KAFKA_BROKERS'];
  delete env['MONGODB_URI'];
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'cli.ts'), ...args], {
    env,
    cwd: join(__dirname, '..', '..', '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, cacheDir, dataDir };
}

describe('the dev-stack CLI’s arguments', () => {
  it.each([[['--help']], [['help']], [['up', '--help']], [['exec', '--help']]])('%j prints the usage on stdout and exits 0', (args) => {
    const { status, stdout, stderr } = runCli(args);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toContain('Usage: npm run stack -- <command> [options]');
  });

  it.each([[['up', '--fast']], [['upp']], [['exec', '--detach', '--', 'true']], [['restart', 'no-such-app']], [[]]])(
    '%j exits 2 with the usage on stderr, and starts nothing',
    (args) => {
      const { status, stdout, stderr, cacheDir, dataDir } = runCli(args);
      expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
      expect(stderr).toMatch(/^dev-stack: .+\n\nUsage: npm run stack -- <command>/);
      expect(stderr).not.toMatch(/ready in|installing|using/);
      expect(readdirSync(cacheDir)).toEqual([]);
      expect(() => readdirSync(dataDir)).toThrow(/ENOENT/);
    },
  );

  it('exec --attach starts nothing when no stack runs: the command runs without server addresses', () => {
    const { status, stdout, cacheDir, dataDir } = runCli(['exec', '--attach', '--', 'node', '-e', 'console.log(String(process.env.KAFKA_BROKERS)); process.exit(3)']);
    expect({ status, stdout }).toEqual({ status: 3, stdout: 'undefined\n' });
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(() => readdirSync(dataDir)).toThrow(/ENOENT/);
  });

  it('status and reset on a stack that never ran say so, and start nothing', () => {
    const status = runCli(['status']);
    expect({ code: status.status, stderr: status.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^dev-stack: no dev stack is running on /) });
    const reset = runCli(['reset']);
    expect({ code: reset.status, stdout: reset.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^nothing kept in /) });
  });
});
