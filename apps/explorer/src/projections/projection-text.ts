import type { GenerationComparison, ProjectionStatus } from '../api/query-api.types';
import { formatSeconds } from '../shared/format';

type Rebuild = NonNullable<ProjectionStatus['rebuild']>;

/** Pure: a rebuild's progress in one line: `generation 2: 31 of 62 records, 120/s, about 1 s left`. */
export function rebuildText(rebuild: Rebuild): string {
  const head = `generation ${rebuild.generation}`;
  if (rebuild.error !== undefined) return `${head} failed: ${rebuild.error}`;
  const progress = rebuild.progress;
  if (progress === undefined) return `${head}: requested, waiting for the projector`;
  const eta = progress.etaSeconds === undefined ? '' : `, about ${formatSeconds(progress.etaSeconds)} left`;
  return `${head}: ${progress.done} of ${progress.total} records, ${progress.ratePerSecond}/s${eta}`;
}

/** Pure: what a verify found, as `npm run verify` says it, one line per difference shown. */
export function verifyLines(comparison: GenerationComparison): string[] {
  const [a, b] = comparison.generations;
  const head = `generation ${a} (${comparison.documents[0]} documents) against generation ${b} (${comparison.documents[1]} documents)`;
  if (comparison.differences === 0) return [`${head}: no differences`];
  const shown = [
    ...comparison.onlyIn[0].map((id) => `only in generation ${a}: ${id}`),
    ...comparison.onlyIn[1].map((id) => `only in generation ${b}: ${id}`),
    ...comparison.different.map(({ id, path }) => `differs: ${id} at ${path}`),
  ];
  const more = shown.length < comparison.differences ? `, ${shown.length} shown` : '';
  return [`${head}: ${comparison.differences} difference(s)${more}`, ...shown];
}

/** Pure: the percent a progress bar shows, 0 to 100. */
export const barPercent = (rebuild: Rebuild): number => Math.min(100, Math.max(0, Math.round(rebuild.percent)));
