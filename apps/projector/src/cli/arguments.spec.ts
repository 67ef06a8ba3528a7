import { parseArguments, UsageError } from './arguments';

const known = ['orders', 'payments'];

describe('the projections CLI arguments', () => {
  it('reads a rebuild, in place or not, with an optional rate limit', () => {
    expect(parseArguments(['rebuild', 'orders'], known)).toEqual({ command: 'rebuild', projection: 'orders', inPlace: false, fresh: false });
    expect(parseArguments(['rebuild', 'orders', '--in-place', '--max-rate', '500'], known)).toEqual({ command: 'rebuild', projection: 'orders', inPlace: true, fresh: false, maxRate: 500 });
    expect(parseArguments(['rebuild', 'orders', '--fresh'], known)).toEqual({ command: 'rebuild', projection: 'orders', inPlace: false, fresh: true });
  });

  it('reads a verify of the default generations or of two named ones', () => {
    expect(parseArguments(['verify', 'payments'], known)).toEqual({ command: 'verify', projection: 'payments' });
    expect(parseArguments(['verify', 'payments', '1', '3'], known)).toEqual({ command: 'verify', projection: 'payments', generations: [1, 3] });
  });

  it.each([
    [[], 'unknown command ""'],
    [['rebuild'], 'rebuild needs a projection: one of orders, payments'],
    [['rebuild', 'ordrs'], 'unknown projection "ordrs"; known: orders, payments'],
    [['rebuild', 'orders', '--fast'], 'unknown option "--fast" for rebuild'],
    [['rebuild', 'orders', '--max-rate'], '--max-rate expects a positive whole number, not ""'],
    [['rebuild', 'orders', '--max-rate', '-5'], '--max-rate expects a positive whole number, not "-5"'],
    [['rebuild', 'orders', '--fresh', '--in-place'], '--in-place and --fresh do not go together: in place always starts over'],
    [['verify', 'orders', '2'], 'verify takes two generations to compare, or none (the live one and the one beside it)'],
    [['verify', 'orders', '2', 'x'], 'generation expects a positive whole number, not "x"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseArguments(argv, known)).toThrow(new UsageError(message));
  });
});
