import { parseArguments, UsageError } from './arguments';

const known = ['orders', 'payments'];

describe('the operator CLI arguments', () => {
  it('reads a rebuild, in place or not, with an optional rate limit', () => {
    expect(parseArguments(['rebuild', 'orders'], known)).toEqual({ command: 'rebuild', projection: 'orders', inPlace: false, fresh: false });
    expect(parseArguments(['rebuild', 'orders', '--in-place', '--max-rate', '500'], known)).toEqual({ command: 'rebuild', projection: 'orders', inPlace: true, fresh: false, maxRate: 500 });
    expect(parseArguments(['rebuild', 'orders', '--fresh'], known)).toEqual({ command: 'rebuild', projection: 'orders', inPlace: false, fresh: true });
  });

  it('reads a verify of the default generations or of two named ones', () => {
    expect(parseArguments(['verify', 'payments'], known)).toEqual({ command: 'verify', projection: 'payments' });
    expect(parseArguments(['verify', 'payments', '1', '3'], known)).toEqual({ command: 'verify', projection: 'payments', generations: [1, 3] });
  });

  it('reads the dead-letter commands', () => {
    expect(parseArguments(['dead-letters', 'list'], known)).toEqual({ command: 'dead-letters list', json: false });
    expect(parseArguments(['dead-letters', 'list', '--consumer', 'payments.reactions', '--key', 'ord_1', '--json'], known)).toEqual({ command: 'dead-letters list', consumer: 'payments.reactions', key: 'ord_1', json: true });
    expect(parseArguments(['dead-letters', 'show', 'c0ffee'], known)).toEqual({ command: 'dead-letters show', id: 'c0ffee' });
    expect(parseArguments(['dead-letters', 'replay', '--consumer', 'projection.orders.g1', '--wait'], known)).toEqual({ command: 'dead-letters replay', consumer: 'projection.orders.g1', wait: true });
    expect(parseArguments(['dead-letters', 'replay', '--key', 'ord_1', '--consumer', 'c'], known)).toEqual({ command: 'dead-letters replay', consumer: 'c', key: 'ord_1', wait: false });
  });

  it.each([[['--help']], [['-h']], [['rebuild', '--help']], [['rebuild', 'orders', '--fast', '-h']], [['dead-letters', 'replay', '--help']]])('asks for help with %j, whatever else is there', (argv) => {
    expect(parseArguments(argv, known)).toEqual({ command: 'help' });
  });

  it.each([
    [[], 'unknown command ""'],
    [['dead-letters'], 'unknown dead-letters action ""; expected list, show or replay'],
    [['dead-letters', 'show'], 'dead-letters show takes one dead letter id, as `list` prints it'],
    [['dead-letters', 'replay'], 'dead-letters replay needs --consumer: the group whose letters are to be handled again'],
    [['dead-letters', 'replay', '--consumer'], '--consumer expects a value'],
    [['dead-letters', 'list', '--wait'], 'unknown option "--wait" for dead-letters list'],
    [['rebuild'], 'rebuild needs a projection: one of orders, payments'],
    [['rebuild', 'ordrs'], 'unknown projection "ordrs"; known: orders, payments'],
    [['rebuild', 'orders', '--fast'], 'unknown option "--fast" for rebuild'],
    [['rebuild', 'orders', '--max-rate'], '--max-rate expects a value'],
    [['rebuild', 'orders', '--max-rate', '-5'], '--max-rate expects a value; write one that starts with "-" as --max-rate=<value>'],
    [['rebuild', 'orders', '--max-rate=-5'], '--max-rate expects a positive whole number, not "-5"'],
    [['rebuild', 'orders', 'payments'], 'rebuild takes one projection, not also "payments"'],
    [['dead-letters', 'list', 'extra'], 'dead-letters list takes no "extra"; filter with --consumer and --key'],
    [['rebuild', 'orders', '--fresh', '--in-place'], '--in-place and --fresh do not go together: in place always starts over'],
    [['verify', 'orders', '2'], 'verify takes two generations to compare, or none (the live one and the one beside it)'],
    [['verify', 'orders', '2', 'x'], 'generation expects a positive whole number, not "x"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseArguments(argv, known)).toThrow(new UsageError(message));
  });
});
