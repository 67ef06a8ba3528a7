import { parseArgs as parseNodeArgs } from 'node:util';

/**
 * The phases of a bench run, in the order they run; `commands` also measures the saga and memory, on
 * the same apps; `backlog` is the projector started far behind the log, its memory and catch-up rate;
 * `scale` is the order service over a million orders with its heap capped.
 */
export const PHASES = ['kafka-tools', 'commands', 'recovery', 'rebuild', 'backlog', 'scale'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchArgs {
  readonly quick: boolean;
  readonly runs: number;
  readonly phases: readonly Phase[];
  /** Write a CPU profile of each app (node --cpu-prof) into tmp/bench-profiles/. */
  readonly profile: boolean;
  /** Rebuild sizes other than the run's own, smallest first (1,000,000 does not fit a full run). */
  readonly rebuildEvents?: readonly number[];
}

/** `--help`: print USAGE, run nothing. */
export interface HelpWanted {
  readonly help: true;
}

/** Wrong arguments: the bench prints the message and USAGE, exits 2, and starts nothing. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm run bench [-- --quick] [--runs N] [--only ${PHASES.join(',')}] [--profile] [--rebuild-events N,M]

  --quick     small sizes and one run, for development; writes tmp/bench/ instead of docs/performance.md
  --runs N    runs of each measurement (default 3; quick: 1); the median is quoted
  --only …    run these phases only (comma-separated); the docs are then not rewritten
  --profile   start the apps with node --cpu-prof (profiles in tmp/bench-profiles/)
  --rebuild-events N,M
              rebuild these numbers of events instead (e.g. 100000,1000000); the docs are then not rewritten
  --help      this text`;

/** Pure: the command line as the run's settings, `{ help: true }`, or a UsageError naming what is wrong. */
export function parseArgs(argv: readonly string[]): BenchArgs | HelpWanted {
  let values: { quick?: boolean; profile?: boolean; help?: boolean; runs?: string; only?: string; 'rebuild-events'?: string };
  try {
    ({ values } = parseNodeArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        profile: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        runs: { type: 'string' },
        only: { type: 'string' },
        'rebuild-events': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // (not `instanceof Error`: node's error may come from another realm, as under jest)
    throw new UsageError(String((error as { message?: unknown }).message ?? error).replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (values.help) return { help: true };
  const quick = values.quick === true;

  let runs: number | undefined;
  if (values.runs !== undefined) {
    runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs wants a whole number ≥ 1, not "${values.runs}"`);
  }

  let phases: Phase[] = [...PHASES];
  if (values.only !== undefined) {
    const names = values.only.split(',').filter(Boolean);
    const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
    if (names.length === 0 || unknown.length > 0) throw new UsageError(`--only wants phases among ${PHASES.join(', ')}${unknown.length ? `, not ${unknown.join(', ')}` : ''}`);
    phases = PHASES.filter((phase) => names.includes(phase));
  }

  let rebuildEvents: number[] | undefined;
  if (values['rebuild-events'] !== undefined) {
    const sizes = values['rebuild-events'].split(',').map(Number);
    if (sizes.length < 2 || sizes.some((value, index) => !Number.isInteger(value) || value < 1 || (index > 0 && value <= (sizes[index - 1] ?? 0)))) {
      throw new UsageError('--rebuild-events wants two or more whole numbers, smallest first (e.g. 100000,1000000)');
    }
    rebuildEvents = sizes;
  }
  return { quick, runs: runs ?? (quick ? 1 : 3), phases, profile: values.profile === true, ...(rebuildEvents ? { rebuildEvents } : {}) };
}

/** Only a full run of every phase may rewrite docs/performance.md: the docs never show a partial or quick run. */
export function writesDocs(args: BenchArgs): boolean {
  return !args.quick && args.phases.length === PHASES.length && !args.rebuildEvents;
}
