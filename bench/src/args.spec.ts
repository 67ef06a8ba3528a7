import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, PHASES, writesDocs, type BenchArgs } from './args';

/** The run's settings; fails the test on `{ help: true }`. */
function settings(argv: string[]): BenchArgs {
  const parsed = parseArgs(argv);
  if ('help' in parsed) throw new Error('asked for help');
  return parsed;
}

describe('parseArgs', () => {
  it('runs every phase three times by default, and writes the docs', () => {
    const args = settings([]);
    expect(args).toEqual({ quick: false, runs: 3, phases: [...PHASES], profile: false });
    expect(writesDocs(args)).toBe(true);
  });

  it('runs once in quick mode, and never writes the docs', () => {
    const args = settings(['--quick']);
    expect(args.runs).toBe(1);
    expect(writesDocs(args)).toBe(false);
    expect(settings(['--quick', '--runs', '2']).runs).toBe(2);
    expect(settings(['--quick', '--runs=2']).runs).toBe(2);
  });

  it('keeps the phases asked for in run order, and then leaves the docs alone', () => {
    const args = settings(['--only', 'rebuild,commands']);
    expect(args.phases).toEqual(['commands', 'rebuild']);
    expect(writesDocs(args)).toBe(false);
  });

  it('runs the scale phase alone, last when with others', () => {
    expect(settings(['--only', 'scale']).phases).toEqual(['scale']);
    expect(settings(['--only', 'scale,recovery']).phases).toEqual(['recovery', 'scale']);
    expect(writesDocs(settings(['--only', 'scale']))).toBe(false);
  });

  it('rebuilds other sizes when asked, and then leaves the docs alone', () => {
    const args = settings(['--only', 'rebuild', '--rebuild-events', '100000,1000000']);
    expect(args.rebuildEvents).toEqual([100_000, 1_000_000]);
    expect(writesDocs(settings(['--rebuild-events', '100000,1000000']))).toBe(false);
    expect(() => parseArgs(['--rebuild-events', '1000000'])).toThrow('two or more whole numbers');
    expect(() => parseArgs(['--rebuild-events', '1000000,100000'])).toThrow('smallest first');
    expect(() => parseArgs(['--rebuild-events', '10k,100k'])).toThrow('--rebuild-events');
  });

  it('asks for help on --help or -h', () => {
    expect(parseArgs(['--help'])).toEqual({ help: true });
    expect(parseArgs(['--quick', '-h'])).toEqual({ help: true });
  });

  it('refuses what it does not know', () => {
    expect(() => parseArgs(['--runs', '0'])).toThrow('--runs');
    expect(() => parseArgs(['--runs'])).toThrow("Option '--runs <value>' argument missing");
    expect(() => parseArgs(['--only', 'speed'])).toThrow('not speed');
    expect(() => parseArgs(['--fast'])).toThrow("Unknown option '--fast'");
    expect(() => parseArgs(['quick'])).toThrow("Unexpected argument 'quick'");
  });
});

describe('npm run bench', () => {
  // the bench as a user starts it; with no servers in reach, anything it started would show (and take minutes)
  const bench = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, REWIND_INFRA: 'local', REWIND_DATA_DIR: join(__dirname, 'no-such-dir') };
    delete env['KAFKA_BROKERS'];
    delete env['MONGODB_URI'];
    return spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'main.ts'), ...args], {
      cwd: join(__dirname, '..', '..'),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
  };

  it('prints its usage on --help and exits 0', () => {
    const { status, stdout, stderr } = bench(['--help']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage: npm run bench/);
  });

  it('exits 2 on a wrong flag, with the usage on stderr, before it starts anything', () => {
    const { status, stdout, stderr } = bench(['--fast']);
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr).toMatch(/^bench: Unknown option '--fast'\n\nUsage: npm run bench/);
  });
});
