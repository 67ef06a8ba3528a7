import { latencies, median, percentile, spreadOf } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('takes the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('spreadOf', () => {
  it('quotes the median with min and max, and keeps every run', () => {
    expect(spreadOf([10, 30, 20])).toEqual({ median: 20, min: 10, max: 30, runs: [10, 30, 20] });
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('is the nearest rank: an observed value', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('rounds the rank up on few samples, so a p99 of ten samples is their maximum', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow('(0, 100]');
    expect(() => percentile([1], 101)).toThrow('(0, 100]');
  });
});

describe('latencies', () => {
  it('gives p50, p95, p99 and max of unsorted samples', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(latencies(samples)).toEqual({ count: 200, p50: 100, p95: 190, p99: 198, max: 200 });
  });
});
