import { evaluate, formatNumber, formatSpread, GENERATED_END, GENERATED_START, renderMarkdown, replaceGeneratedSection, type BenchReport, type Figure } from './report';
import { spreadOf } from './stats';

const throughput = (rewind: number[], baseline: number[], atLeast = 0.3): Figure => ({
  id: 'commands',
  label: 'POST /orders, 10 in flight',
  unit: 'req/s',
  value: spreadOf(rewind),
  baseline: { label: 'kafkajs idempotent producer', unit: 'records/s', value: spreadOf(baseline) },
  target: { kind: 'share-of-baseline', atLeast },
});

describe('evaluate', () => {
  it('compares medians: the ratio of Rewind to its baseline against the share asked for', () => {
    expect(evaluate(throughput([300, 310, 290], [1000, 900, 1100]))).toEqual({ ratio: 0.3, met: true });
    expect(evaluate(throughput([200, 310, 290], [1000, 900, 1100]))).toEqual({ ratio: 0.29, met: false });
  });

  it('holds a bound strictly for "below" and inclusively for "at most"', () => {
    const p99 = (value: number, kind: 'below' | 'at-most'): Figure => ({ id: 'p99', label: 'p99', unit: 'ms', value: spreadOf([value]), target: { kind, limit: 50 } });
    expect(evaluate(p99(50, 'below')).met).toBe(false);
    expect(evaluate(p99(49.9, 'below')).met).toBe(true);
    expect(evaluate(p99(50, 'at-most')).met).toBe(true);
  });

  it('holds a latency to a multiple of its baseline', () => {
    const p99 = (value: number): Figure => ({
      id: 'p99',
      label: 'p99',
      unit: 'ms',
      value: spreadOf([value]),
      baseline: { label: 'kafkajs send p99', unit: 'ms', value: spreadOf([100]) },
      target: { kind: 'times-baseline', atMost: 2 },
    });
    expect(evaluate(p99(200))).toEqual({ ratio: 2, met: true });
    expect(evaluate(p99(201)).met).toBe(false);
  });

  it('leaves a figure without target or baseline unjudged', () => {
    expect(evaluate({ id: 'rss', label: 'rss', unit: 'MB', value: spreadOf([120]) })).toEqual({ ratio: undefined, met: undefined });
  });

  it('misses a share-of-baseline target when the baseline measured nothing', () => {
    expect(evaluate(throughput([300], [0])).met).toBe(false);
  });
});

describe('formatting', () => {
  it('rounds large numbers with separators and keeps precision on small ones', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(42.34)).toBe('42.3');
    expect(formatNumber(0.456)).toBe('0.46');
  });

  it('shows min–max only when there was more than one run', () => {
    expect(formatSpread(spreadOf([3, 1, 2]), 'ms')).toBe('2.00 ms (1.00–3.00)');
    expect(formatSpread(spreadOf([2]), 'ms')).toBe('2.00 ms');
  });
});

describe('renderMarkdown', () => {
  const report: BenchReport = {
    mode: 'full',
    runs: 3,
    startedAt: '2026-11-27T15:00:00.000Z',
    finishedAt: '2026-11-27T15:20:00.000Z',
    machine: { cpus: 2, cpuModel: 'Test CPU', memoryGb: 24, node: 'v20.20.0', kafka: '4.1.1', database: 'FerretDB v1.24.2', infra: 'local' },
    settings: { durationSeconds: 10 },
    baselines: [{ label: 'kafka-producer-perf-test', unit: 'records/s', value: spreadOf([50_000, 60_000, 55_000]) }],
    figures: [throughput([300, 310, 290], [1000, 900, 1100]), { id: 'p99', label: 'p99, 100 in flight', unit: 'ms', value: spreadOf([80]), target: { kind: 'below', limit: 50 } }],
    breakdown: [
      { label: 'order service alone, 1 in flight', rate: 120, producerMs: 2.5, cores: { kafka: 0.9, 'order-service': 0.5, bench: 0.12 } },
      { label: 'with the saga, 1 instance, 1 in flight', rate: 15, cores: { kafka: 0.7, ferretdb: 0.2, 'order-service': 0.15 } },
    ],
    notes: ['a note'],
  };

  it('renders one row per figure with the ratio, the target and whether it was met', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| POST /orders, 10 in flight | 300 req/s (290–310) | 1,000 records/s (900–1,100) — kafkajs idempotent producer | 0.30× | ≥ 0.30× baseline | met |');
    expect(markdown).toContain('| p99, 100 in flight | 80.0 ms | — | — | < 50.0 ms | **missed** |');
    expect(markdown).toContain('| kafka-producer-perf-test | 55,000 records/s (50,000–60,000) |');
    expect(markdown).toContain('- a note');
    expect(markdown).toContain('2 × Test CPU');
  });

  it('shows where each level\'s time went: a column per process that used CPU, a dash where one did not run', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| level | req/s per instance | producer request | CPU in all | kafka | order-service | bench | ferretdb |');
    expect(markdown).toContain('| order service alone, 1 in flight | 120 | 2.50 ms | 1.52 | 0.90 | 0.50 | 0.12 | — |');
    expect(markdown).toContain('| with the saga, 1 instance, 1 in flight | 15.0 | — | 1.05 | 0.70 | 0.15 | — | 0.20 |');
    expect(markdown).toContain("in cores of the machine's 2");
  });
});

describe('replaceGeneratedSection', () => {
  const doc = `# Title\n\nbefore\n\n${GENERATED_START}\nold table\n${GENERATED_END}\n\nafter\n`;

  it('replaces only what lies between the markers', () => {
    expect(replaceGeneratedSection(doc, 'new table')).toBe(`# Title\n\nbefore\n\n${GENERATED_START}\nnew table\n${GENERATED_END}\n\nafter\n`);
  });

  it('refuses a document without the markers rather than append somewhere', () => {
    expect(() => replaceGeneratedSection('# Title\n', 'table')).toThrow('markers');
  });
});
