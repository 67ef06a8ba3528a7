import { parseArgs, PHASES, writesDocs } from './args';

describe('parseArgs', () => {
  it('runs every phase three times by default, and writes the docs', () => {
    const args = parseArgs([]);
    expect(args).toEqual({ quick: false, runs: 3, phases: [...PHASES], profile: false });
    expect(writesDocs(args)).toBe(true);
  });

  it('runs once in quick mode, and never writes the docs', () => {
    const args = parseArgs(['--quick']);
    expect(args.runs).toBe(1);
    expect(writesDocs(args)).toBe(false);
    expect(parseArgs(['--quick', '--runs', '2']).runs).toBe(2);
  });

  it('keeps the phases asked for in run order, and then leaves the docs alone', () => {
    const args = parseArgs(['--only', 'rebuild,commands']);
    expect(args.phases).toEqual(['commands', 'rebuild']);
    expect(writesDocs(args)).toBe(false);
  });

  it('rebuilds other sizes when asked, and then leaves the docs alone', () => {
    const args = parseArgs(['--only', 'rebuild', '--rebuild-events', '100000,1000000']);
    expect(args.rebuildEvents).toEqual([100_000, 1_000_000]);
    expect(writesDocs(parseArgs(['--rebuild-events', '100000,1000000']))).toBe(false);
    expect(() => parseArgs(['--rebuild-events', '1000000'])).toThrow('two or more whole numbers');
    expect(() => parseArgs(['--rebuild-events', '1000000,100000'])).toThrow('smallest first');
    expect(() => parseArgs(['--rebuild-events', '10k,100k'])).toThrow('--rebuild-events');
  });

  it('refuses what it does not know', () => {
    expect(() => parseArgs(['--runs', '0'])).toThrow('--runs');
    expect(() => parseArgs(['--only', 'speed'])).toThrow('not speed');
    expect(() => parseArgs(['--fast'])).toThrow('unknown argument --fast');
  });
});
