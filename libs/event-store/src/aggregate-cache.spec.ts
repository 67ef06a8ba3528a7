import { AggregateCache } from './aggregate-cache';

describe('the aggregate cache', () => {
  it('evicts the least recently used entry once it holds its capacity', () => {
    const cache = new AggregateCache<number>(2);
    cache.set(0, 'a', 1);
    cache.set(0, 'b', 2);
    expect(cache.get(0, 'a')).toBe(1); // a is now the most recent
    cache.set(0, 'c', 3);
    expect(cache.get(0, 'b')).toBeUndefined();
    expect(cache.get(0, 'a')).toBe(1);
    expect(cache.get(0, 'c')).toBe(3);
    expect(cache.size).toBe(2);
    expect(cache.stats).toEqual({ hits: 3, misses: 1 });
  });

  it('keeps one id of two partitions apart, and forgets one partition without touching the other', () => {
    const cache = new AggregateCache<string>(10);
    cache.set(0, 'x', 'zero');
    cache.set(1, 'x', 'one');
    cache.set(10, 'x', 'ten');
    cache.dropPartition(1);
    expect(cache.get(0, 'x')).toBe('zero');
    expect(cache.get(1, 'x')).toBeUndefined();
    expect(cache.get(10, 'x')).toBe('ten');
  });

  it('replaces an entry in place without growing', () => {
    const cache = new AggregateCache<number>(1);
    cache.set(0, 'a', 1);
    cache.set(0, 'a', 2);
    expect(cache.size).toBe(1);
    expect(cache.get(0, 'a')).toBe(2);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %p', (capacity) => {
    expect(() => new AggregateCache(capacity)).toThrow(RangeError);
  });
});
