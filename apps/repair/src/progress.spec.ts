import { progressLine } from './progress';

describe('the progress line', () => {
  it('shows a bar, the share done and the counts', () => {
    expect(progressLine('plan unit-price', 5_200, 10_000, 'records', 10)).toBe('plan unit-price [█████░░░░░]  52%  5,200/10,000 records');
  });

  it('is full for nothing to do, and never beyond full', () => {
    expect(progressLine('apply', 0, 0, 'corrections', 4)).toBe('apply [████] 100%  0/0 corrections');
    expect(progressLine('apply', 7, 5, 'corrections', 4)).toBe('apply [████] 100%  7/5 corrections');
  });
});
