import { formatNumber, type BenchReport, type Figure } from './report';

// The figures of a run as SVG bar charts, for docs/performance.md: Rewind beside the baseline that
// says what the same machine does without it. Plain SVG text, so the charts live in git as diffs
// and render on the forge without a plotting library. The y axis is logarithmic: Rewind and its
// baselines lie orders of magnitude apart, which a linear axis would flatten to nothing.

export interface ChartSeries {
  readonly name: string;
  /** One value per group; undefined where the run did not measure it. */
  readonly values: readonly (number | undefined)[];
}

export interface BarChart {
  readonly title: string;
  readonly unit: string;
  readonly groups: readonly string[];
  readonly series: readonly ChartSeries[];
}

export interface RenderedChart {
  /** File name, such as `commands-throughput.svg`. */
  readonly file: string;
  readonly title: string;
  readonly svg: string;
}

const COLORS = ['#2b6cb0', '#a0aec0', '#dd6b20', '#cbd5e0'];
const [WIDTH, HEIGHT] = [760, 340];
const PLOT = { left: 70, right: 20, top: 48, bottom: 70 };

/** One chart per question the page asks; charts the run has no figures for are left out. */
export function benchCharts(report: BenchReport): RenderedChart[] {
  const byId = new Map(report.figures.map((figure) => [figure.id, figure]));
  const charts: { file: string; chart: BarChart | undefined }[] = [
    { file: 'commands-throughput.svg', chart: throughputChart(report.figures) },
    { file: 'commands-latency.svg', chart: latencyChart(byId) },
    { file: 'rebuild-rate.svg', chart: rebuildChart(report.figures) },
  ];
  return charts.flatMap(({ file, chart }) => (chart ? [{ file, title: chart.title, svg: renderBarChart(chart) }] : []));
}

/** Markdown that shows the charts, linked relative to the page (`dir` is where they are written, as seen from it). */
export function chartsMarkdown(charts: readonly RenderedChart[], dir: string): string[] {
  return charts.flatMap((chart) => ['', `![${chart.title}](${dir}/${chart.file})`]);
}

/** The throughput figures' ids: `commands.alone.<n>` (the order service alone) and `commands.orders.<instances>.<n>` (with the saga). */
const THROUGHPUT = /^commands\.(?:alone|orders\.(\d+))\.(\d+)$/;

function throughputChart(figures: readonly Figure[]): BarChart | undefined {
  const commands = figures.filter((figure) => THROUGHPUT.test(figure.id));
  if (commands.length === 0) return undefined;
  const group = (figure: Figure) => {
    const [, instances, inFlight] = THROUGHPUT.exec(figure.id) ?? [];
    // short: nine groups share the width (the saga on 1 or 2 order-service instances)
    const setting = instances === undefined ? 'alone' : `saga ×${instances}`;
    return `${setting}\n${inFlight} in flight`;
  };
  return {
    title: 'POST /orders per instance beside the bare kafkajs producer, by requests in flight',
    unit: 'per second',
    groups: commands.map(group),
    series: [
      { name: 'Rewind (commands/s per instance)', values: commands.map((figure) => figure.value.median) },
      { name: 'kafkajs idempotent producer (records/s)', values: commands.map((figure) => figure.baseline?.value.median) },
    ],
  };
}

/** Latency as the targets put it: the order service alone (`latency.alone.<n>.<percentile>`), where the design shows. */
function latencyChart(byId: ReadonlyMap<string, Figure>): BarChart | undefined {
  const inFlight = [...byId.keys()].flatMap((id) => /^latency\.alone\.(\d+)\.p50$/.exec(id)?.[1] ?? []);
  if (inFlight.length === 0) return undefined;
  const pick = (percentile: string, side: 'value' | 'baseline') =>
    inFlight.map((n) => {
      const figure = byId.get(`latency.alone.${n}.${percentile}`);
      return side === 'value' ? figure?.value.median : figure?.baseline?.value.median;
    });
  return {
    title: 'POST /orders latency (the order service alone) beside a bare kafkajs send, by requests in flight',
    unit: 'ms',
    groups: inFlight.map((n) => `${n} in flight`),
    series: [
      { name: 'Rewind p50', values: pick('p50', 'value') },
      { name: 'kafkajs send p50', values: pick('p50', 'baseline') },
      { name: 'Rewind p99', values: pick('p99', 'value') },
      { name: 'kafkajs send p99', values: pick('p99', 'baseline') },
    ],
  };
}

function rebuildChart(figures: readonly Figure[]): BarChart | undefined {
  const rebuilds = figures.filter((figure) => /^rebuild\.\d+$/.test(figure.id));
  if (rebuilds.length === 0) return undefined;
  return {
    title: 'Projection rebuild (orders) beside the lower of a bare read and a bare bulk upsert, by size',
    unit: 'events/s',
    groups: rebuilds.map((figure) => `${Number(figure.id.split('.')[1]).toLocaleString('en-US')} events`),
    series: [
      { name: 'Rewind rebuild', values: rebuilds.map((figure) => figure.value.median) },
      { name: 'bare read / bulk upsert', values: rebuilds.map((figure) => figure.baseline?.value.median) },
    ],
  };
}

/** A grouped bar chart on a log10 axis, as a standalone SVG document. */
export function renderBarChart(chart: BarChart): string {
  const values = chart.series.flatMap((series) => series.values).filter((value): value is number => value !== undefined && value > 0);
  const low = values.length === 0 ? 0 : Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values, 10 ** low))));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (value: number) => PLOT.top + plotHeight * (1 - (Math.log10(value) - low) / (high - low));
  const groupWidth = plotWidth / chart.groups.length;
  const barWidth = (groupWidth * 0.8) / chart.series.length;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  for (let power = low; power <= high; power++) {
    const at = y(10 ** power).toFixed(1);
    parts.push(
      `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${at}" y2="${at}" stroke="#e2e8f0"/>`,
      `<text x="${PLOT.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle">${formatNumber(10 ** power)}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(14 ${PLOT.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.unit)} (log scale)</text>`,
  );
  chart.groups.forEach((group, g) => {
    const left = PLOT.left + g * groupWidth + groupWidth * 0.1;
    chart.series.forEach((series, s) => {
      const value = series.values[g];
      if (value === undefined || value <= 0) return;
      const x = left + s * barWidth;
      const top = y(value);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(PLOT.top + plotHeight - top).toFixed(1)}" fill="${COLORS[s % COLORS.length]}"><title>${escapeXml(`${series.name}, ${group.replace(/\n/g, ', ')}: ${formatNumber(value)}`)}</title></rect>`,
      );
    });
    // a group's label may have several lines ("\n"): one tspan each, so long labels do not collide
    const center = (left + groupWidth * 0.4).toFixed(1);
    const lines = group.split('\n').map((line, index) => `<tspan x="${center}" dy="${index === 0 ? 0 : 13}">${escapeXml(line)}</tspan>`);
    parts.push(`<text x="${center}" y="${PLOT.top + plotHeight + 14}" text-anchor="middle">${lines.join('')}</text>`);
  });
  parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${PLOT.top + plotHeight}" y2="${PLOT.top + plotHeight}" stroke="#4a5568"/>`);
  chart.series.forEach((series, s) => {
    const x = PLOT.left + s * (plotWidth / chart.series.length);
    const at = HEIGHT - 22;
    parts.push(`<rect x="${x.toFixed(1)}" y="${at - 9}" width="10" height="10" fill="${COLORS[s % COLORS.length]}"/>`, `<text x="${(x + 14).toFixed(1)}" y="${at}">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
