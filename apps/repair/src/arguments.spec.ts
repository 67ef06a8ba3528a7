import { parseArguments, UsageError } from './arguments';

const window = ['--param', 'sku=MUG', '--param', 'charged=1250', '--param', 'price=1150', '--param', 'from=2026-11-02T00:00:00Z', '--param', 'until=2026-11-09T00:00:00Z'];
const eventId = '0d9c3a52-1b7e-4f60-9a8b-7c6d5e4f3a21';

describe('the repair CLI arguments', () => {
  it('reads --help anywhere as a request for the usage', () => {
    expect(parseArguments(['--help'])).toEqual({ command: 'help' });
    expect(parseArguments(['apply', 'plan.json', '-h'])).toEqual({ command: 'help' });
  });

  it('reads a plan with its repair and parameters, which the repair checks', () => {
    expect(parseArguments(['plan', 'unit-price', ...window, '--out', 'p.json'])).toEqual({
      command: 'plan',
      repair: 'unit-price',
      params: { sku: 'MUG', charged: '1250', price: '1150', from: '2026-11-02T00:00:00Z', until: '2026-11-09T00:00:00Z' },
      out: 'p.json',
      json: false,
    });
  });

  it('reads an apply, with its pace', () => {
    expect(parseArguments(['apply', 'p.json'])).toEqual({ command: 'apply', planFile: 'p.json', concurrency: 4, json: false });
    expect(parseArguments(['apply', 'p.json', '--concurrency', '1', '--max-rate', '2.5', '--json'])).toEqual({ command: 'apply', planFile: 'p.json', concurrency: 1, maxRate: 2.5, json: true });
  });

  it('reads each single correction', () => {
    expect(parseArguments(['correct', 'address', 'o-1', '--reason', 'typo', '--line1', 'Street 2', '--postal-code', '10117'])).toEqual({
      command: 'correct',
      request: { kind: 'address', aggregateId: 'o-1', reason: 'typo', address: { line1: 'Street 2', postalCode: '10117' } },
      json: false,
    });
    expect(parseArguments(['correct', 'reprice', 'o-1', '--reason', 'r', '--line', '0=1150', '--line', 'BEANS=1800', '--corrects', eventId, '--if-match', '4', '--idempotency-key', 'k-1'])).toEqual({
      command: 'correct',
      request: { kind: 'reprice', aggregateId: 'o-1', reason: 'r', lines: [{ line: 0, unitPriceCents: 1150 }, { line: 'BEANS', unitPriceCents: 1800 }], corrects: eventId },
      ifMatch: 4,
      idempotencyKey: 'k-1',
      json: false,
    });
    expect(parseArguments(['correct', 'reverse-delivery', 's-1', '--reason', 'wrong scan', '--json'])).toEqual({
      command: 'correct',
      request: { kind: 'reverse-delivery', aggregateId: 's-1', reason: 'wrong scan' },
      json: true,
    });
  });

  it.each([
    [[], 'unknown command ""; expected list, plan, apply or correct'],
    [['plan'], 'plan needs a repair: one of unit-price'],
    [['plan', 'unit-pricing'], 'plan needs a repair: one of unit-price, not "unit-pricing"'],
    [['plan', 'unit-price', '--sku', 'MUG'], "plan: Unknown option '--sku'"],
    [['plan', 'unit-price', '--param', 'sku'], '--param expects <name>=<value>, not "sku"'],
    [['plan', 'unit-price', ...window.slice(0, -2)], 'unit-price: until: expected an ISO 8601 instant, such as 2026-11-02T00:00:00Z'],
    [['apply'], 'apply needs a plan file, as `plan` wrote it'],
    [['apply', 'p.json', '--concurrency', '0'], '--concurrency expects a positive whole number, not "0"'],
    [['apply', 'p.json', 'q.json'], 'apply: unexpected argument "q.json"'],
    [['correct', 'price', 'o-1'], 'unknown correction "price"; expected address, reprice or reverse-delivery'],
    [['correct', 'address', 'o-1', '--reason', 'typo'], 'correct address needs the fields to correct: --name, --line1, --city, --postal-code, --country'],
    [['correct', 'address', 'o-1', '--reason', 'typo', '--country', 'Germany'], '--country: expected an ISO 3166-1 alpha-2 country code (two upper-case letters)'],
    [['correct', 'reverse-delivery', 's-1'], 'a correction needs --reason: why it is made, in words (a ticket, a bug)'],
    [['correct', 'reverse-delivery', 's-1', '--reason', '  '], '--reason: expected the reason in words'],
    [['correct', 'reverse-delivery', '--reason', 'r'], 'the correction needs a shipment id'],
    [['correct', 'reprice', 'o-1', '--reason', 'r', '--line', 'MUG=11.50'], '--line expects <place or SKU>=<unit price in minor units>, such as 0=1150 or MUG=1150, not "MUG=11.50"'],
    [['correct', 'reverse-delivery', 's-1', '--reason', 'r', '--corrects', 'the delivery'], '--corrects expects an event id (a UUID, as the timeline shows it), not "the delivery"'],
    [['correct', 'reverse-delivery', 's-1', '--reason', 'r', '--if-match', 'v3'], '--if-match expects the version the correction is based on, not "v3"'],
    [['correct', 'reverse-delivery', 's-1', '--reason', 'r', '--reson', 'r'], "correct reverse-delivery: Unknown option '--reson'"],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(new UsageError(message));
  });
});
