import { WriteGate } from './write-gate';

describe('the write gate', () => {
  it('runs at most its limit of tasks at once, and every task in the end', async () => {
    const gate = new WriteGate(2);
    let inProgress = 0;
    let most = 0;
    const done: number[] = [];
    const task = (id: number) => async () => {
      inProgress += 1;
      most = Math.max(most, inProgress);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inProgress -= 1;
      done.push(id);
      return id;
    };
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((id) => gate.run(task(id))));
    expect(results).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(2);
  });

  it('frees its slot when a task fails', async () => {
    const gate = new WriteGate(1);
    await expect(gate.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });
});
