import { requestSized } from './partition-owner';

describe('records in request-sized runs', () => {
  const record = (key: string, bytes: number) => ({ key, value: 'x'.repeat(bytes) });

  it('keeps the order, fills each run up to the limit, and sends an oversized record alone', () => {
    const records = [record('a', 200_000), record('b', 200_000), record('c', 200_000), record('d', 900_000), record('e', 10)];
    expect(requestSized(records).map((run) => run.map((item) => item.key))).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    expect(requestSized([])).toEqual([]);
  });
});
