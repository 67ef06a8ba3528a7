import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { FERRETDB_VERSION, KAFKA_VERSION, MONGO_IMAGE, readDevStackEnv, startDevStack } from '@rewind/dev-stack';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { buildApps, killAllApps } from './app-process';
import { backlogPhase } from './backlog-phase';
import { parseArgs, USAGE, UsageError, writesDocs, type BenchArgs, type Phase } from './args';
import { FULL, QUICK, Samples, type BenchContext } from './context';
import { serverOf } from './cpu';
import { buildBaselines, buildBreakdown, buildFigures } from './figures';
import { kafkaToolsPhase } from './kafka-tools-phase';
import { workspaceRoot } from './paths';
import { rebuildPhase } from './rebuild-phase';
import { recoveryPhase } from './recovery-phase';
import { benchCharts, chartsMarkdown } from './charts';
import { evaluate, formatSpread, renderMarkdown, replaceGeneratedSection, type BenchReport } from './report';
import { scalePhase } from './scale-phase';
import { servicesPhase } from './services-phase';

const phases: Record<Phase, (ctx: BenchContext) => Promise<void>> = {
  'kafka-tools': kafkaToolsPhase,
  commands: servicesPhase,
  recovery: recoveryPhase,
  rebuild: rebuildPhase,
  backlog: backlogPhase,
  scale: scalePhase,
};

/** The arguments, checked before any server or app starts: `--help` exits 0, a wrong one exits 2. */
function argumentsOrExit(argv: readonly string[]): BenchArgs {
  try {
    const parsed = parseArgs(argv);
    if ('help' in parsed) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = argumentsOrExit(process.argv.slice(2));
  const preset = args.quick ? QUICK : FULL;
  const sizes = args.rebuildEvents ? { ...preset, rebuildEvents: args.rebuildEvents } : preset;
  const startedAt = new Date();
  const log = (line: string) => process.stdout.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(5)} s] ${line}\n`);
  const runId = `bench-${startedAt.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
  log(`${args.quick ? 'quick' : 'full'} run ${runId}: ${args.runs} run(s) of ${args.phases.join(', ')}`);

  const stack = await startDevStack({ log });
  // Ctrl-C leaves nothing running: the apps, and the servers if this run started them
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the apps and the stack`);
      killAllApps();
      void stack.stop().finally(() => process.exit(130));
    });
  }
  const kafka = new Kafka({ clientId: 'rewind-bench', brokers: stack.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const mongo = new MongoClient(stack.mongoUri);
  await Promise.all([admin.connect(), mongo.connect()]);
  const logDir = join(workspaceRoot, 'tmp', 'bench-logs', runId);
  mkdirSync(logDir, { recursive: true });
  const ctx: BenchContext = {
    kafka,
    admin,
    mongo,
    kafkaBrokers: stack.kafkaBrokers,
    mongoUri: stack.mongoUri,
    cacheDir: readDevStackEnv().cacheDir,
    runId,
    runs: args.runs,
    sizes,
    samples: new Samples(),
    notes: [],
    logDir,
    cpuProfileDir: args.profile ? join(workspaceRoot, 'tmp', 'bench-profiles', runId) : undefined,
    servers: stack.serverPids.map(serverOf),
    log,
    databases: [],
  };
  let failed: unknown;
  try {
    if (args.phases.includes('commands') || args.phases.includes('recovery') || args.phases.includes('backlog') || args.phases.includes('scale')) {
      log('building the apps (nx build; cached when nothing changed)');
      await buildApps();
    }
    for (const phase of args.phases) {
      log(`phase ${phase}`);
      try {
        await phases[phase](ctx);
      } catch (error) {
        // one phase failing leaves the others' figures; the run still fails at the end
        failed ??= error;
        log(`phase ${phase} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        ctx.notes.push(`Phase ${phase} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  } finally {
    await Promise.all(ctx.databases.map((name) => mongo.db(name).dropDatabase().catch(() => undefined)));
    await Promise.all([admin.disconnect(), mongo.close()]);
    await stack.stop();
  }

  const report: BenchReport = {
    mode: args.quick ? 'quick' : 'full',
    runs: args.runs,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      kafka: KAFKA_VERSION,
      database: stack.mode === 'containers' ? MONGO_IMAGE : stack.mode === 'local' ? `FerretDB ${FERRETDB_VERSION} (SQLite)` : 'the server MONGODB_URI names',
      infra: stack.mode,
    },
    settings: { ...sizes, concurrencies: sizes.concurrencies.join('/'), rebuildEvents: sizes.rebuildEvents.join('/') },
    baselines: buildBaselines(ctx.samples, sizes),
    figures: buildFigures(ctx.samples, sizes),
    breakdown: buildBreakdown(ctx.samples, sizes),
    notes: ctx.notes,
  };
  const outDir = writesDocs(args) ? join(workspaceRoot, 'bench', 'results') : join(workspaceRoot, 'tmp', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify({ ...report, samples: ctx.samples.toJSON() }, null, 2)}\n`);
  const charts = benchCharts(report);
  const toDocs = writesDocs(args) && failed === undefined;
  // full runs draw into docs/performance/, beside the page that shows them; the rest into tmp/bench/
  const chartDir = toDocs ? join(workspaceRoot, 'docs', 'performance') : outDir;
  mkdirSync(chartDir, { recursive: true });
  for (const chart of charts) writeFileSync(join(chartDir, chart.file), chart.svg);
  const markdown = [renderMarkdown(report), ...chartsMarkdown(charts, toDocs ? 'performance' : '.')].join('\n');
  if (toDocs) {
    const docPath = join(workspaceRoot, 'docs', 'performance.md');
    writeFileSync(docPath, replaceGeneratedSection(readFileSync(docPath, 'utf8'), markdown));
    log(`wrote bench/results/latest.json and the table in docs/performance.md`);
  } else {
    writeFileSync(join(outDir, 'performance.md'), `${markdown}\n`);
    log(`wrote ${join(outDir, 'latest.json')} and ${join(outDir, 'performance.md')} (docs/performance.md shows full, complete runs only)`);
  }
  process.stdout.write('\n');
  for (const figure of report.figures) {
    const { ratio, met } = evaluate(figure);
    process.stdout.write(
      `${figure.label}: ${formatSpread(figure.value, figure.unit)}${ratio === undefined ? '' : `, ${ratio.toFixed(2)}× baseline`}${met === undefined ? '' : met ? '  [met]' : '  [MISSED]'}\n`,
    );
  }
  if (failed !== undefined) throw failed;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
