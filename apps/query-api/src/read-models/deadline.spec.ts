import { valueWithin } from './deadline';

describe('valueWithin', () => {
  it('gives the value of a promise that settles in time', async () => {
    await expect(valueWithin(Promise.resolve(7), 1_000)).resolves.toBe(7);
  });

  it('gives undefined for a promise that fails', async () => {
    await expect(valueWithin(Promise.reject(new Error('broker down')), 1_000)).resolves.toBeUndefined();
  });

  it('gives undefined, without waiting for it, for a promise that takes too long', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(valueWithin(never, 50)).resolves.toBeUndefined();
  });
});
