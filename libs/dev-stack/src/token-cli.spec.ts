import { parseTokenArguments, TokenUsageError } from './token-cli';

describe('npm run token: its arguments', () => {
  it('takes a role, and a subject, a lifetime and a directory if given', () => {
    expect(parseTokenArguments(['--role', 'customer', '--sub', 'cus_1'])).toEqual({ help: false, role: 'customer', subject: 'cus_1' });
    expect(parseTokenArguments(['--role', 'admin', '--ttl', '600', '--dir', 'docker/issuer'])).toEqual({ help: false, role: 'admin', ttlSeconds: 600, dir: 'docker/issuer' });
    expect(parseTokenArguments(['--help'])).toEqual({ help: true });
  });

  it.each([
    [['--sub', 'cus_1'], /--role is required/],
    [['--role', 'root'], /--role must be one of customer, operator, warehouse, admin/],
    [['--role', 'admin', '--colour', 'red'], /Unknown option '--colour'/],
    [['--role', 'admin', '--ttl', 'soon'], /--ttl must be a whole number/],
    [['--role', 'admin', 'extra'], /unexpected argument "extra"/],
  ])('refuses %j with a usage error (exit 2)', (argv, message) => {
    expect(() => parseTokenArguments(argv)).toThrow(TokenUsageError);
    expect(() => parseTokenArguments(argv)).toThrow(message);
  });
});
