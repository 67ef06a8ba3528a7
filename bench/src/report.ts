import type { Spread } from './stats';

/** What a Rewind figure must reach: a share of its baseline, or a bound on its own value. */
export type Target =
  | { readonly kind: 'share-of-baseline'; readonly atLeast: number }
  /** Rewind's median at most this many times its baseline's (a latency beside the bare client's). */
  | { readonly kind: 'times-baseline'; readonly atMost: number }
  | { readonly kind: 'below'; readonly limit: number }
  | { readonly kind: 'at-most'; readonly limit: number };

export interface Measurement {
  readonly label: string;
  readonly unit: string;
  readonly value: Spread;
}

/** A Rewind figure, beside the baseline that says what the same machine does without Rewind. */
export interface Figure extends Measurement {
  readonly id: string;
  readonly baseline?: Measurement;
  readonly target?: Target;
}

/** Where one level of load spent its time: the broker's answers and each process's CPU. */
export interface Breakdown {
  readonly label: string;
  /** Requests per second per instance. */
  readonly rate: number;
  /** The mean time of the order services' producer requests, in ms. */
  readonly producerMs?: number;
  /** Cores each process used on average over the level, by name. */
  readonly cores: Readonly<Record<string, number>>;
}

export interface Evaluation {
  /** Rewind's median over the baseline's median. */
  readonly ratio: number | undefined;
  /** Undefined when the figure has no target. */
  readonly met: boolean | undefined;
}

export function evaluate(figure: Figure): Evaluation {
  const ratio = figure.baseline && figure.baseline.value.median > 0 ? figure.value.median / figure.baseline.value.median : undefined;
  const target = figure.target;
  if (!target) return { ratio, met: undefined };
  switch (target.kind) {
    case 'share-of-baseline':
      return { ratio, met: ratio === undefined ? false : ratio >= target.atLeast };
    case 'times-baseline':
      return { ratio, met: ratio === undefined ? false : ratio <= target.atMost };
    case 'below':
      return { ratio, met: figure.value.median < target.limit };
    case 'at-most':
      return { ratio, met: figure.value.median <= target.limit };
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly kafka: string;
  readonly database: string;
  readonly infra: string;
}

/** Everything one `npm run bench` measured: what bench/results/latest.json holds. */
export interface BenchReport {
  readonly mode: 'full' | 'quick';
  readonly runs: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly settings: Readonly<Record<string, string | number>>;
  readonly baselines: readonly Measurement[];
  readonly figures: readonly Figure[];
  readonly breakdown: readonly Breakdown[];
  readonly notes: readonly string[];
}

export const GENERATED_START = '<!-- bench:generated:start (npm run bench rewrites this section) -->';
export const GENERATED_END = '<!-- bench:generated:end -->';

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const { machine } = report;
  lines.push(
    `Run of ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC (${report.mode}, ${report.runs} run${report.runs === 1 ? '' : 's'} of each measurement; ` +
      `median quoted, min–max in brackets). Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ` +
      `Kafka ${machine.kafka}, ${machine.database} (${machine.infra}).`,
    '',
    '| figure | Rewind | baseline | ratio | target | |',
    '| --- | ---: | --- | ---: | --- | --- |',
  );
  for (const figure of report.figures) {
    const { ratio, met } = evaluate(figure);
    const baseline = figure.baseline ? `${formatSpread(figure.baseline.value, figure.baseline.unit)} — ${figure.baseline.label}` : '—';
    lines.push(
      `| ${figure.label} | ${formatSpread(figure.value, figure.unit)} | ${baseline} | ${ratio === undefined ? '—' : `${formatNumber(ratio)}×`} | ${formatTarget(figure.target, figure.unit)} | ${met === undefined ? '' : met ? 'met' : '**missed**'} |`,
    );
  }
  lines.push(...renderBreakdown(report.breakdown, machine.cpus));
  lines.push('', 'Baselines on their own (same run, same broker and database):', '', '| baseline | value |', '| --- | ---: |');
  for (const baseline of report.baselines) lines.push(`| ${baseline.label} | ${formatSpread(baseline.value, baseline.unit)} |`);
  if (report.notes.length > 0) lines.push('', ...report.notes.map((note) => `- ${note}`));
  lines.push('', `Settings: ${Object.entries(report.settings).map(([key, value]) => `${key}=${value}`).join(', ')}.`);
  return lines.join('\n');
}

/** The breakdown's table: a column per process that used any CPU, in the order the rows name them first. */
function renderBreakdown(rows: readonly Breakdown[], cpus: number): string[] {
  if (rows.length === 0) return [];
  const names = [...new Set(rows.flatMap((row) => Object.keys(row.cores)))];
  const lines = [
    '',
    `Where the time of POST /orders went: the mean time of the order services' producer requests (a command waits on three in turn: ` +
      `AddPartitionsToTxn, Produce, EndTxn), and the CPU each process used over the level, in cores of the machine's ${cpus}:`,
    '',
    `| level | req/s per instance | producer request | CPU in all | ${names.join(' | ')} |`,
    `| --- | ---: | ---: | ---: |${names.map(() => ' ---: |').join('')}`,
  ];
  for (const row of rows) {
    const total = Object.values(row.cores).reduce((sum, used) => sum + used, 0);
    const cells = names.map((name) => (row.cores[name] === undefined ? '—' : formatNumber(row.cores[name])));
    lines.push(`| ${row.label} | ${formatNumber(row.rate)} | ${row.producerMs === undefined ? '—' : `${formatNumber(row.producerMs)} ms`} | ${formatNumber(total)} | ${cells.join(' | ')} |`);
  }
  return lines;
}

/** Puts `generated` between the markers of `doc`; text outside them is kept as it is. */
export function replaceGeneratedSection(doc: string, generated: string): string {
  const start = doc.indexOf(GENERATED_START);
  const end = doc.indexOf(GENERATED_END);
  const section = `${GENERATED_START}\n${generated}\n${GENERATED_END}`;
  if (start === -1 || end === -1 || end < start) throw new Error(`the markers of the generated section are missing: ${GENERATED_START} … ${GENERATED_END}`);
  return `${doc.slice(0, start)}${section}${doc.slice(end + GENERATED_END.length)}`;
}

export function formatSpread(value: Spread, unit: string): string {
  const median = `${formatNumber(value.median)}${unit ? ` ${unit}` : ''}`;
  return value.runs.length <= 1 ? median : `${median} (${formatNumber(value.min)}–${formatNumber(value.max)})`;
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '—';
  switch (target.kind) {
    case 'share-of-baseline':
      return `≥ ${formatNumber(target.atLeast)}× baseline`;
    case 'times-baseline':
      return `≤ ${formatNumber(target.atMost)}× baseline`;
    case 'below':
      return `< ${formatNumber(target.limit)} ${unit}`;
    case 'at-most':
      return `≤ ${formatNumber(target.limit)} ${unit}`;
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}
