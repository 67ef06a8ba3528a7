import { benchCharts, chartsMarkdown, renderBarChart } from './charts';
import type { BenchReport, Figure } from './report';
import { spreadOf } from './stats';

const figure = (id: string, value: number, baseline?: number): Figure => ({
  id,
  label: id,
  unit: 'x',
  value: spreadOf([value]),
  ...(baseline === undefined ? {} : { baseline: { label: 'baseline', unit: 'x', value: spreadOf([baseline]) } }),
});

const report = (figures: Figure[]): BenchReport => ({
  mode: 'full',
  runs: 1,
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: '2026-12-03T10:30:00.000Z',
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGb: 24, node: 'v24.22.3', kafka: '4.1.1', database: 'FerretDB', infra: 'local' },
  settings: {},
  baselines: [],
  figures,
  breakdown: [],
  notes: [],
});

const bars = (svg: string) => [...svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" fill="[^"]+"><title>([^<]*)<\/title>/g)].map((match) => ({ top: Number(match[1]), height: Number(match[2]), title: match[3] }));

describe('bench charts', () => {
  it('draws one bar per measured value, taller for larger values, on a log axis', () => {
    const svg = renderBarChart({ title: 'T', unit: 'ms', groups: ['a', 'b'], series: [{ name: 'Rewind', values: [10, 1000] }, { name: 'base', values: [100, undefined] }] });
    const drawn = bars(svg);
    expect(drawn.map((bar) => bar.title)).toEqual(['Rewind, a: 10.0', 'base, a: 100', 'Rewind, b: 1,000']);
    const [ten, hundred, thousand] = drawn.map((bar) => bar.height);
    // log10: each factor of ten adds the same height
    expect(hundred! - ten!).toBeCloseTo(thousand! - hundred!, 0);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>\n$/);
  });

  it('escapes text, so a label cannot break the document', () => {
    const svg = renderBarChart({ title: 'a < b & "c"', unit: 'ms', groups: ['<g>'], series: [{ name: 'R&D', values: [5] }] });
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(svg).not.toContain('<g>');
    expect(svg).toContain('&lt;g&gt;');
    expect(svg).toContain('R&amp;D');
  });

  it('makes the charts the run has figures for, and links them from the page', () => {
    const charts = benchCharts(
      report([figure('commands.alone.1', 300, 1500), figure('commands.orders.2.10', 400, 2000), figure('latency.alone.1.p50', 12, 0.6), figure('latency.alone.1.p99', 30, 3), figure('rebuild.10000', 900, 1200)]),
    );
    expect(charts.map((chart) => chart.file)).toEqual(['commands-throughput.svg', 'commands-latency.svg', 'rebuild-rate.svg']);
    expect(bars(charts[0]!.svg).map((bar) => bar.title)).toEqual([
      'Rewind (commands/s per instance), alone, 1 in flight: 300',
      'kafkajs idempotent producer (records/s), alone, 1 in flight: 1,500',
      'Rewind (commands/s per instance), saga ×2, 10 in flight: 400',
      'kafkajs idempotent producer (records/s), saga ×2, 10 in flight: 2,000',
    ]);
    expect(chartsMarkdown(charts, 'performance')).toEqual(charts.flatMap((chart) => ['', `![${chart.title}](performance/${chart.file})`]));
  });

  it('leaves out a chart whose figures the run did not measure', () => {
    expect(benchCharts(report([figure('rebuild.10000', 900, 1200)])).map((chart) => chart.file)).toEqual(['rebuild-rate.svg']);
    expect(chartsMarkdown([], 'performance')).toEqual([]);
  });
});
