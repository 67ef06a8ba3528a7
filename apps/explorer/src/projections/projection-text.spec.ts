import type { GenerationComparison } from '../api/query-api.types';
import { barPercent, rebuildText, verifyLines } from './projection-text';

const requestedAt = '2026-11-27T10:00:00.000Z';

describe('rebuildText', () => {
  it('says a rebuild waits for the projector until it reports progress', () => {
    expect(rebuildText({ generation: 2, requestedAt, percent: 0 })).toBe('generation 2: requested, waiting for the projector');
  });

  it('gives the records done, the rate and the time left', () => {
    expect(rebuildText({ generation: 2, requestedAt, percent: 50, progress: { done: 31, total: 62, ratePerSecond: 12, etaSeconds: 3, updatedAt: requestedAt } })).toBe(
      'generation 2: 31 of 62 records, 12/s, about 3 s left',
    );
    expect(rebuildText({ generation: 3, requestedAt, percent: 1, progress: { done: 1, total: 62, ratePerSecond: 0, updatedAt: requestedAt } })).toBe('generation 3: 1 of 62 records, 0/s');
  });

  it('gives the error of a failed rebuild', () => {
    expect(rebuildText({ generation: 2, requestedAt, percent: 10, error: 'write failed' })).toBe('generation 2 failed: write failed');
  });
});

describe('verifyLines', () => {
  const comparison = (over: Partial<GenerationComparison>): GenerationComparison => ({
    projection: 'orders',
    generations: [1, 2],
    documents: [3, 3],
    onlyIn: [[], []],
    different: [],
    differences: 0,
    inFlight: { count: 0, ids: [] },
    alignment: { aligned: true, foldedForward: [] },
    ...over,
  });

  it('says when two generations agree', () => {
    expect(verifyLines(comparison({}))).toEqual(['generation 1 (3 documents) against generation 2 (3 documents): no differences']);
  });

  it('lists each difference shown, and says when there are more', () => {
    expect(verifyLines(comparison({ documents: [3, 2], onlyIn: [['ord-3'], []], different: [{ id: 'ord-1', path: 'model.status' }], differences: 5 }))).toEqual([
      'generation 1 (3 documents) against generation 2 (2 documents): 5 difference(s), 2 shown',
      'only in generation 1: ord-3',
      'differs: ord-1 at model.status',
    ]);
  });
});

describe('barPercent', () => {
  it('keeps the bar between empty and full', () => {
    expect([barPercent({ generation: 2, requestedAt, percent: 42.6 }), barPercent({ generation: 2, requestedAt, percent: 140 })]).toEqual([43, 100]);
  });
});
