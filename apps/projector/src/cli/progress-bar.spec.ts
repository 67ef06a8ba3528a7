import { progressLine } from './progress-bar';

describe('the rebuild progress line', () => {
  it('shows the bar, the share done, the counts, the rate and the time left', () => {
    expect(progressLine('orders g2', { done: 10_400, total: 20_000, ratePerSecond: 3_400, etaSeconds: 3 }, 20)).toBe(
      'orders g2 [██████████░░░░░░░░░░]  52%  10,400/20,000 records  3,400/s  ETA 3s',
    );
  });

  it('shows an unknown time left until there is a rate, and long times in minutes or hours', () => {
    expect(progressLine('p', { done: 0, total: 10, ratePerSecond: 0 }, 4)).toBe('p [░░░░]   0%  0/10 records  0/s  ETA ?');
    expect(progressLine('p', { done: 1, total: 10, ratePerSecond: 1, etaSeconds: 125 }, 4)).toContain('ETA 2m05s');
    expect(progressLine('p', { done: 1, total: 10, ratePerSecond: 1, etaSeconds: 7_380 }, 4)).toContain('ETA 2h03m');
  });

  it('counts an empty log as done', () => {
    expect(progressLine('p', { done: 0, total: 0, ratePerSecond: 0, etaSeconds: 0 }, 4)).toBe('p [████] 100%  0/0 records  0/s  ETA 0s');
  });
});
