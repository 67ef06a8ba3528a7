import { parseCliArguments, UsageError } from './cli-arguments';

describe('parseCliArguments', () => {
  it.each([
    [['help'], { command: 'help' }],
    [['--help'], { command: 'help' }],
    [['up', '-h'], { command: 'help' }],
    [['up'], { command: 'up', portOffset: 0 }],
    [['up', '--port-offset', '20000'], { command: 'up', portOffset: 20_000 }],
    [['status'], { command: 'status', json: false }],
    [['status', '--json'], { command: 'status', json: true }],
    [['restart', 'projector', 'query-api'], { command: 'restart', apps: ['projector', 'query-api'] }],
    [['reset'], { command: 'reset' }],
    [['down'], { command: 'down' }],
  ])('reads %j', (argv, expected) => {
    expect(parseCliArguments(argv)).toEqual(expected);
  });

  it('leaves everything after exec’s -- to the command, --help included', () => {
    expect(parseCliArguments(['exec', '--attach', '--', 'node', 'cli.ts', 'rebuild', '--help'])).toEqual({
      command: 'exec',
      attach: true,
      argv: ['node', 'cli.ts', 'rebuild', '--help'],
    });
    expect(parseCliArguments(['exec', 'nx', 'run-many', '-t', 'int'])).toEqual({ command: 'exec', attach: false, argv: ['nx', 'run-many', '-t', 'int'] });
    expect(parseCliArguments(['exec', '--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [[], /no command given/],
    [['start'], /unknown command "start"/],
    [['up', '--fast'], /up: Unknown option '--fast'/],
    [['up', '--port-offset', 'x'], /--port-offset wants a whole number/],
    [['status', 'now'], /status takes no arguments, not "now"/],
    [['restart'], /restart needs the name of an app/],
    [['exec'], /exec needs a command/],
    [['exec', '--'], /exec needs a command/],
    [['exec', '--detach', '--', 'true'], /exec: Unknown option '--detach'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});
