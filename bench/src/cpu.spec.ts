import { CpuMeter, cpuSeconds } from './cpu';

/** Keeps this process's CPU busy until it has used `seconds` more of it. */
function burn(seconds: number): void {
  const until = (cpuSeconds(process.pid) ?? 0) + seconds;
  while ((cpuSeconds(process.pid) ?? Infinity) < until) Math.sqrt(Math.random());
}

describe('cpuSeconds', () => {
  it('reads a process\'s CPU time from /proc, and grows as it works', () => {
    const before = cpuSeconds(process.pid);
    burn(0.05);
    expect(before).toBeGreaterThanOrEqual(0);
    expect(cpuSeconds(process.pid)).toBeGreaterThanOrEqual((before ?? 0) + 0.05);
  });

  it('is undefined for a process that does not exist', () => {
    expect(cpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('CpuMeter', () => {
  it('sums processes of one name, and leaves out those it cannot read', () => {
    const meter = new CpuMeter(() => [
      { name: 'node', pid: process.pid },
      { name: 'node', pid: process.ppid },
      { name: 'gone', pid: 2 ** 22 + 1 },
      { name: 'unstarted', pid: undefined },
    ]);
    meter.start();
    burn(0.05);
    const cores = meter.stop();
    expect([...cores.keys()]).toEqual(['node']);
    expect(cores.get('node')).toBeGreaterThan(0);
  });
});
