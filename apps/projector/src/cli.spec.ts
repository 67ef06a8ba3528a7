import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The operator's CLI as a process: what it does before it connects to anything. Without
// KAFKA_BROKERS and MONGODB_URI nothing can be started or reached, so these runs show that help
// and usage errors come first.
const workspaceRoot = join(__dirname, '..', '..', '..');

function cli(args: readonly string[]) {
  const env = { ...process.env };
  delete env['KAFKA_BROKERS'];
  delete env['MONGODB_URI'];
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join('apps', 'projector', 'src', 'cli.ts'), ...args], { cwd: workspaceRoot, env, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the projections CLI, before it connects', () => {
  it.each([[['--help']], [['rebuild', '--help']], [['dead-letters', 'replay', '-h']]])('prints its usage on stdout and exits 0 for %j', (args) => {
    const run = cli(args);
    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(/^usage:\n {2}npm run rebuild -- <projection>/), stderr: '' });
  });

  it('exits 2 with the reason and the usage on stderr for a wrong flag', () => {
    const run = cli(['rebuild', 'orders', '--fast']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^unknown option "--fast" for rebuild\nusage:/) });
  });

  it('says in one line that no servers are set, rather than dumping the settings', () => {
    const run = cli(['rebuild', 'orders']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'no servers: KAFKA_BROKERS and MONGODB_URI are not set; start the stack with `npm start` in another terminal, or set both\n' });
  });
});
