import { withinDeadline } from '@rewind/event-store';
import { Gauge, type Registry } from 'prom-client';
import type { ProjectionStatus } from './status';

/** An empty log is all done. */
const ratioOf = ({ done, total }: { done: number; total: number }) => (total === 0 ? 1 : done / total);

/**
 * The projections' lag and their rebuilds' progress as Prometheus gauges, from the same status that
 * `GET /projections` shows, measured at each scrape (the status reader caches it for a second):
 *
 * - `rewind_projection_lag_records{projection}`: records of the sources the live generation has not
 *   folded in yet (each partition's end minus the live group's committed offset, summed);
 * - `rewind_projection_live_generation{projection}`;
 * - `rewind_rebuild_progress_ratio{projection,generation,state}` (0 to 1), `rewind_rebuild_records_done`,
 *   `rewind_rebuild_records_total`, `rewind_rebuild_records_per_second` and `rewind_rebuild_eta_seconds`
 *   `{projection,generation}` while a rebuild is recorded on the pointer (`rebuilding` or `failed`).
 *
 * Kafka and the database must answer within `timeoutMs`, or the scrape goes out without these series
 * (and `rewind_projection_status_unmeasured` at 1): /metrics must not hang on a server that is away.
 */
export function registerProjectionMetrics(registry: Registry, statuses: () => Promise<readonly ProjectionStatus[]>, timeoutMs = 2_000): void {
  let measuring: { readonly at: number; readonly statuses: Promise<readonly ProjectionStatus[] | undefined> } | undefined;
  // the gauges are collected side by side: they share one measurement per scrape
  const measured = (): Promise<readonly ProjectionStatus[] | undefined> => {
    if (measuring && Date.now() - measuring.at < 500) return measuring.statuses;
    const measurement = withinDeadline(statuses(), timeoutMs, 'the projections’ status').catch(() => undefined);
    measuring = { at: Date.now(), statuses: measurement };
    return measurement;
  };
  new Gauge({
    name: 'rewind_projection_status_unmeasured',
    help: '1 when the projections’ status could not be measured at this scrape',
    registers: [registry],
    async collect() {
      this.set((await measured()) === undefined ? 1 : 0);
    },
  });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (gauge: Gauge<L>, status: ProjectionStatus) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const status of (await measured()) ?? []) fill(this, status);
      },
    });
  gauge('rewind_projection_lag_records', 'Records of its sources that the live generation has not folded in yet', ['projection'], (g, s) => g.set({ projection: s.name }, s.lag.records));
  gauge('rewind_projection_live_generation', 'The generation queries read', ['projection'], (g, s) => g.set({ projection: s.name }, s.live));
  const rebuild = (name: string, help: string, value: (rebuild: NonNullable<ProjectionStatus['rebuild']>) => number | undefined) =>
    gauge(name, help, ['projection', 'generation'], (g, { name: projection, rebuild: r }) => {
      const found = r && value(r);
      if (r && found !== undefined) g.set({ projection, generation: String(r.generation) }, found);
    });
  gauge('rewind_rebuild_progress_ratio', 'How much of its finish line a rebuild has folded, 0 to 1', ['projection', 'generation', 'state'], (g, s) => {
    if (s.rebuild) g.set({ projection: s.name, generation: String(s.rebuild.generation), state: s.state }, s.rebuild.progress ? ratioOf(s.rebuild.progress) : 0);
  });
  rebuild('rewind_rebuild_records_done', 'Records a rebuild has folded', (r) => r.progress?.done ?? 0);
  rebuild('rewind_rebuild_records_total', 'Records up to a rebuild’s finish line (the ends when it was asked for)', (r) => r.progress?.total);
  rebuild('rewind_rebuild_records_per_second', 'A rebuild’s recent rate', (r) => r.progress?.ratePerSecond);
  rebuild('rewind_rebuild_eta_seconds', 'How long a rebuild should still take, at its recent rate', (r) => r.progress?.etaSeconds);
}
