/** One figure measured several times: the median is quoted, min–max shows the spread. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // an even count takes the mean of the two middle values
  return sorted.length % 2 === 1 ? at(sorted, middle) : (at(sorted, middle - 1) + at(sorted, middle)) / 2;
}

export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: [...values] };
}

/**
 * The p-th percentile (0 < p ≤ 100) by nearest rank: the smallest sample that at least p% of the
 * samples do not exceed. Always a value that was observed, never an interpolation.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], not ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  return at(sorted, Math.ceil((p / 100) * sorted.length) - 1);
}

export interface Latencies {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function latencies(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => at(sorted, Math.ceil((p / 100) * sorted.length) - 1);
  if (sorted.length === 0) throw new Error('latencies of no samples');
  return { count: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: at(sorted, sorted.length - 1) };
}

function at(sorted: readonly number[], index: number): number {
  const value = sorted[index];
  if (value === undefined) throw new Error(`no value at ${index} of ${sorted.length}`);
  return value;
}
