import type { ProjectionStatus } from '@rewind/projection-runtime';
import { stalenessHeaders } from './staleness';

const status = (live: number, records: number): ProjectionStatus => ({
  name: 'orders',
  live,
  state: 'live',
  lag: { records, partitions: [{ topic: 'orders.events', partition: 0, position: 10, end: 10 + records, lag: records }], measuredAt: '2026-11-27T10:00:00.000Z' },
  retired: [],
});

describe('staleness headers', () => {
  it('name the projection and generation read, and the lag measured on it', () => {
    expect(stalenessHeaders('orders', 2, status(2, 7))).toEqual({
      'Rewind-Projection': 'orders',
      'Rewind-Generation': '2',
      'Rewind-Lag': '7',
      'Rewind-Lag-Measured-At': '2026-11-27T10:00:00.000Z',
    });
  });

  it('say the lag is unknown when Kafka could not be asked', () => {
    expect(stalenessHeaders('orders', 1, undefined)).toEqual({ 'Rewind-Projection': 'orders', 'Rewind-Generation': '1', 'Rewind-Lag': 'unknown' });
  });

  it('say the lag is unknown when it was measured on a generation the answer was not read from', () => {
    expect(stalenessHeaders('orders', 2, status(1, 0))).toEqual({ 'Rewind-Projection': 'orders', 'Rewind-Generation': '2', 'Rewind-Lag': 'unknown' });
  });
});
