import { Registry } from 'prom-client';
import type { ProjectionStatus } from './status';
import { registerProjectionMetrics } from './status.metrics';

const status = (name: string, lag: number, rebuild?: ProjectionStatus['rebuild']): ProjectionStatus => ({
  name,
  live: 2,
  state: rebuild ? 'rebuilding' : 'live',
  lag: { records: lag, partitions: [], measuredAt: '2026-12-03T10:00:00.000Z' },
  ...(rebuild ? { rebuild } : {}),
  retired: [],
});

describe('the projections’ metrics', () => {
  const scrape = async (statuses: () => Promise<readonly ProjectionStatus[]>) => {
    const registry = new Registry();
    registerProjectionMetrics(registry, statuses, 200);
    return (await registry.metrics()).split('\n').filter((line) => line.startsWith('rewind_'));
  };

  it('give each projection’s lag and live generation, and a rebuild’s progress against its finish line', async () => {
    const progress = { done: 250, total: 1000, ratePerSecond: 50, etaSeconds: 15, updatedAt: '2026-12-03T10:00:00.000Z' };
    const lines = await scrape(async () => [status('orders', 7), status('payments', 0, { generation: 3, requestedAt: '2026-12-03T09:59:00.000Z', percent: 25, progress })]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'rewind_projection_status_unmeasured 0',
        'rewind_projection_lag_records{projection="orders"} 7',
        'rewind_projection_lag_records{projection="payments"} 0',
        'rewind_projection_live_generation{projection="orders"} 2',
        'rewind_rebuild_progress_ratio{projection="payments",generation="3",state="rebuilding"} 0.25',
        'rewind_rebuild_records_done{projection="payments",generation="3"} 250',
        'rewind_rebuild_records_total{projection="payments",generation="3"} 1000',
        'rewind_rebuild_records_per_second{projection="payments",generation="3"} 50',
        'rewind_rebuild_eta_seconds{projection="payments",generation="3"} 15',
      ]),
    );
    // no rebuild series for a projection that is not being rebuilt
    expect(lines.filter((line) => line.startsWith('rewind_rebuild_') && line.includes('"orders"'))).toEqual([]);
  });

  it('go out without the series, and say so, when the status cannot be measured in time', async () => {
    const lines = await scrape(() => new Promise(() => undefined));
    expect(lines).toEqual(['rewind_projection_status_unmeasured 1']);
  });
});
