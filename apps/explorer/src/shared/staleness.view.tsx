import type { Staleness } from '../api/query-api.client';

/** What an answer was read from and how far behind the log it was (the `Rewind-*` headers). */
export function StalenessNote({ staleness }: { staleness: Staleness | undefined }) {
  if (staleness?.projection == null) return null;
  return (
    <span className="staleness" title="Rewind-Projection, Rewind-Generation and Rewind-Lag of the last answer">
      read from {staleness.projection} generation {staleness.generation} · lag {staleness.lag} records
    </span>
  );
}
