/** The phases of a bench run, in the order they run; `commands` also measures the saga and memory, on the same apps. */
export const PHASES = ['kafka-tools', 'commands', 'recovery', 'rebuild'] as const;
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

export const USAGE = `npm run bench [-- --quick] [--runs N] [--only ${PHASES.join(',')}] [--profile] [--rebuild-events N,M]

  --quick     small sizes and one run, for development; writes tmp/bench/ instead of docs/performance.md
  --runs N    runs of each measurement (default 3; quick: 1); the median is quoted
  --only …    run these phases only (comma-separated); the docs are then not rewritten
  --profile   start the apps with node --cpu-prof (profiles in tmp/bench-profiles/)
  --rebuild-events N,M
              rebuild these numbers of events instead (e.g. 100000,1000000); the docs are then not rewritten`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let profile = false;
  let runs: number | undefined;
  let phases: Phase[] = [...PHASES];
  let rebuildEvents: number[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--profile') profile = true;
    else if (arg === '--runs') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`--runs wants a whole number ≥ 1\n\n${USAGE}`);
      runs = value;
    } else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
      if (names.length === 0 || unknown.length > 0) throw new Error(`--only wants phases among ${PHASES.join(', ')}${unknown.length ? `, not ${unknown.join(', ')}` : ''}\n\n${USAGE}`);
      phases = PHASES.filter((phase) => names.includes(phase));
    } else if (arg === '--rebuild-events') {
      const values = (argv[++i] ?? '').split(',').map(Number);
      if (values.length < 2 || values.some((value, index) => !Number.isInteger(value) || value < 1 || (index > 0 && value <= (values[index - 1] ?? 0)))) {
        throw new Error(`--rebuild-events wants two or more whole numbers, smallest first (e.g. 100000,1000000)\n\n${USAGE}`);
      }
      rebuildEvents = values;
    } else throw new Error(`unknown argument ${String(arg)}\n\n${USAGE}`);
  }
  return { quick, runs: runs ?? (quick ? 1 : 3), phases, profile, ...(rebuildEvents ? { rebuildEvents } : {}) };
}

/** Only a full run of every phase may rewrite docs/performance.md: the docs never show a partial or quick run. */
export function writesDocs(args: BenchArgs): boolean {
  return !args.quick && args.phases.length === PHASES.length && !args.rebuildEvents;
}
