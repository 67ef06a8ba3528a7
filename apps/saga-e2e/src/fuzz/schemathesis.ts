import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureInstalled, readDevStackEnv } from '@rewind/dev-stack';
import { inheritedEnvironment } from '../env';

/** schemathesis from PyPI, pinned: its checks and generators change between releases. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** The checks' settings, each exception with its reason. */
export const SCHEMATHESIS_CONFIG = join(__dirname, 'schemathesis.toml');

/**
 * schemathesis, installed on first use with `pip install --target` into
 * `<cache>/schemathesis-<version>` (the dev stack's cache, `~/.cache/rewind` by default, under its
 * install lock). Run it with PYTHONPATH set to the returned directory. No pip is an error, not a
 * reason to skip the fuzzing.
 */
export async function installSchemathesis(cacheDir = readDevStackEnv().cacheDir, python = 'python3'): Promise<string> {
  const home = join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  await ensureInstalled(home, `schemathesis ${SCHEMATHESIS_VERSION}`, async (dir) => {
    const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--target', dir, `schemathesis==${SCHEMATHESIS_VERSION}`];
    const pip = spawnSync(python, args, { encoding: 'utf8' });
    if (pip.error !== undefined || pip.status !== 0) {
      throw new Error(
        `installing schemathesis ${SCHEMATHESIS_VERSION} failed: \`${python} ${args.join(' ')}\` ${pip.error ? `could not run (${pip.error.message})` : `exited with ${pip.status}`}\n` +
          `${(pip.stderr ?? '').slice(-2000)}\n` +
          '  → the HTTP fuzzing needs Python 3.9+ with pip (e.g. `apt-get install python3-pip`) and access to PyPI',
      );
    }
    if (!existsSync(join(dir, 'schemathesis', 'cli'))) throw new Error(`schemathesis ${SCHEMATHESIS_VERSION} installed no schemathesis/cli in ${dir}`);
  });
  return home;
}

export interface FuzzRun {
  /** The API's base URL; its document is at `<url>/docs-json`. */
  readonly url: string;
  readonly seed: number;
  readonly maxExamples: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Where the NDJSON report and the console output go (`<reportBase>.ndjson`, `<reportBase>.log`). */
  readonly reportBase: string;
}

export interface FuzzReport {
  readonly exitCode: number | null;
  /** Failed checks, by check name (all of them when counted across cases). */
  readonly failures: Record<string, number>;
  /** Test cases run, and errors schemathesis hit (its own, or the API's document). */
  readonly cases: number;
  readonly errors: string[];
  readonly log: string;
}

/** Runs `schemathesis run` with every check against one API and reads its NDJSON report. */
export async function runSchemathesis(home: string, run: FuzzRun, python = 'python3'): Promise<FuzzReport> {
  const ndjson = `${run.reportBase}.ndjson`;
  const logFile = `${run.reportBase}.log`;
  const args = [
    '-m', 'schemathesis.cli',
    '--config-file', SCHEMATHESIS_CONFIG,
    'run', `${run.url}/docs-json`,
    '--checks', 'all',
    '--seed', String(run.seed),
    '--max-examples', String(run.maxExamples),
    // one worker: the two cores are shared by five apps, Kafka and MongoDB
    '--workers', '1',
    '--request-timeout', '30',
    ...Object.entries(run.headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    '--report', 'ndjson', '--report-ndjson-path', ndjson,
    // the report must carry the Idempotency-Keys to be checked against the logs; the token is the test's own
    '--output-sanitize', 'false',
    '--no-color',
  ];
  // run beside its report: schemathesis keeps a `.schemathesis/` cache in its working directory
  const child = spawn(python, args, { cwd: dirname(ndjson), env: { ...inheritedEnvironment(), PYTHONPATH: home, PYTHONIOENCODING: 'utf-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  await new Promise((resolve) => log.end(resolve));
  return { exitCode, ...readNdjsonReport(ndjson), log: logFile };
}

/** The failed checks and errors in a schemathesis NDJSON report. */
export function readNdjsonReport(file: string): Pick<FuzzReport, 'failures' | 'cases' | 'errors'> {
  const failures: Record<string, number> = {};
  const errors: string[] = [];
  let cases = 0;
  if (!existsSync(file)) return { failures, cases, errors: [`no report at ${file}`] };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    const [kind, body] = Object.entries(event)[0] ?? [];
    if (kind === 'ScenarioFinished' && body) {
      const recorder = body['recorder'] as { cases?: object; checks?: Record<string, { name: string; status: string }[]> } | undefined;
      cases += Object.keys(recorder?.cases ?? {}).length;
      for (const checks of Object.values(recorder?.checks ?? {})) {
        for (const check of checks) if (check.status === 'failure') failures[check.name] = (failures[check.name] ?? 0) + 1;
      }
      if (body['status'] === 'error') errors.push(`${String((recorder as { label?: string } | undefined)?.label)}: scenario error`);
    }
    if ((kind === 'NonFatalError' || kind === 'FatalError') && body) errors.push(JSON.stringify(body).slice(0, 2000));
  }
  return { failures, cases, errors };
}
