import { parseArgs, type ParseArgsConfig } from 'node:util';
import { addressSchema, correctionReasonSchema, idSchema, type Address } from '@rewind/contracts';
import { findRepair, parseParams, repairCatalog, type SingleCorrectionRequest } from '@rewind/repairs';

/** What the repair CLI was asked to do. */
export type RepairCliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'list' }
  | { readonly command: 'plan'; readonly repair: string; readonly params: Readonly<Record<string, string>>; readonly out?: string; readonly json: boolean }
  | { readonly command: 'apply'; readonly planFile: string; readonly concurrency: number; readonly maxRate?: number; readonly json: boolean }
  | {
      readonly command: 'correct';
      readonly request: SingleCorrectionRequest;
      readonly ifMatch?: number;
      readonly idempotencyKey?: string;
      readonly json: boolean;
    };

export const usage = `usage:
  npm run repair -- list
  npm run repair -- plan <repair> [--param <name>=<value>]… [--out <file>] [--json]
  npm run repair -- apply <plan file> [--concurrency <n>] [--max-rate <corrections per second>] [--json]
  npm run repair -- correct address <orderId> --reason <text> [--name <…>] [--line1 <…>] [--city <…>] [--postal-code <…>] [--country <XX>]
  npm run repair -- correct reprice <orderId> --reason <text> --line <place or SKU>=<unit price in minor units>…
  npm run repair -- correct reverse-delivery <shipmentId> --reason <text>
    each correct also takes [--corrects <eventId>] [--if-match <version>] [--idempotency-key <key>] [--json]
  npm run repair -- --help

Results go to stdout, progress and problems to stderr. Exit codes: 0 done; 1 refused, skipped or failed;
2 bad arguments; 130/143 stopped by SIGINT/SIGTERM. See docs/corrections.md.`;

/** Bad arguments: the message says which, and the CLI exits with 2 before it connects to anything. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
const json: Options = { json: { type: 'boolean', default: false } };
const correctionOptions: Options = {
  reason: { type: 'string' },
  corrects: { type: 'string' },
  'if-match': { type: 'string' },
  'idempotency-key': { type: 'string' },
  ...json,
};
const addressFields = { name: 'name', line1: 'line1', city: 'city', 'postal-code': 'postalCode', country: 'country' } as const;

/** Pure: the command line, checked as far as it can be without a server (the repairs and their parameters included). */
export function parseArguments(argv: readonly string[]): RepairCliCommand {
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  const [command, ...rest] = argv;
  switch (command) {
    case 'list':
      parse('list', rest, {}, 0);
      return { command: 'list' };
    case 'plan':
      return planArguments(rest);
    case 'apply':
      return applyArguments(rest);
    case 'correct':
      return correctArguments(rest);
    default:
      throw new UsageError(`unknown command "${command ?? ''}"; expected list, plan, apply or correct`);
  }
}

function planArguments(argv: readonly string[]): RepairCliCommand {
  const { values, positionals } = parse('plan', argv, { param: { type: 'string', multiple: true }, out: { type: 'string' }, ...json }, 1);
  const [name = ''] = positionals;
  const repair = findRepair(name);
  if (!repair) throw new UsageError(`plan needs a repair: one of ${repairCatalog.map((known) => known.name).join(', ')}${name ? `, not "${name}"` : ''}`);
  const params: Record<string, string> = {};
  for (const param of (values['param'] as string[] | undefined) ?? []) {
    const [key, ...value] = param.split('=');
    if (!key || value.length === 0) throw new UsageError(`--param expects <name>=<value>, not "${param}"`);
    params[key] = value.join('=');
  }
  try {
    parseParams(repair, params);
  } catch (error) {
    throw new UsageError(`${repair.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out = stringOption(values, 'out');
  return { command: 'plan', repair: repair.name, params, ...(out === undefined ? {} : { out }), json: values['json'] === true };
}

function applyArguments(argv: readonly string[]): RepairCliCommand {
  const { values, positionals } = parse('apply', argv, { concurrency: { type: 'string' }, 'max-rate': { type: 'string' }, ...json }, 1);
  const [planFile] = positionals;
  if (!planFile) throw new UsageError('apply needs a plan file, as `plan` wrote it');
  const concurrency = values['concurrency'] === undefined ? 4 : positiveInteger('--concurrency', values['concurrency']);
  const maxRate = values['max-rate'] === undefined ? undefined : positiveNumber('--max-rate', values['max-rate']);
  return { command: 'apply', planFile, concurrency, ...(maxRate === undefined ? {} : { maxRate }), json: values['json'] === true };
}

function correctArguments([kind, ...argv]: readonly string[]): RepairCliCommand {
  let request: SingleCorrectionRequest;
  let values: ReturnType<typeof parse>['values'];
  switch (kind) {
    case 'address': {
      const parsed = parse('correct address', argv, { ...correctionOptions, ...Object.fromEntries(Object.keys(addressFields).map((flag) => [flag, { type: 'string' }])) }, 1);
      values = parsed.values;
      const address: Partial<Record<keyof Address, string>> = {};
      for (const [flag, field] of Object.entries(addressFields)) {
        const value = stringOption(values, flag);
        if (value === undefined) continue;
        const checked = addressSchema.shape[field].safeParse(value);
        if (!checked.success) throw new UsageError(`--${flag}: ${checked.error.issues[0]?.message ?? 'invalid'}`);
        address[field] = value;
      }
      if (Object.keys(address).length === 0) throw new UsageError(`correct address needs the fields to correct: ${Object.keys(addressFields).map((flag) => `--${flag}`).join(', ')}`);
      request = { kind: 'address', aggregateId: aggregateId(parsed.positionals, 'an order id'), reason: reason(values), address };
      break;
    }
    case 'reprice': {
      const parsed = parse('correct reprice', argv, { ...correctionOptions, line: { type: 'string', multiple: true } }, 1);
      values = parsed.values;
      const lines = ((values['line'] as string[] | undefined) ?? []).map(lineOption);
      if (lines.length === 0) throw new UsageError('correct reprice needs at least one --line <place or SKU>=<unit price in minor units>');
      request = { kind: 'reprice', aggregateId: aggregateId(parsed.positionals, 'an order id'), reason: reason(values), lines };
      break;
    }
    case 'reverse-delivery': {
      const parsed = parse('correct reverse-delivery', argv, correctionOptions, 1);
      values = parsed.values;
      request = { kind: 'reverse-delivery', aggregateId: aggregateId(parsed.positionals, 'a shipment id'), reason: reason(values) };
      break;
    }
    default:
      throw new UsageError(`unknown correction "${kind ?? ''}"; expected address, reprice or reverse-delivery`);
  }
  const corrects = stringOption(values, 'corrects');
  if (corrects !== undefined && !idSchema.safeParse(corrects).success) throw new UsageError(`--corrects expects an event id (a UUID, as the timeline shows it), not "${corrects}"`);
  const ifMatch = values['if-match'] === undefined ? undefined : version(values['if-match']);
  const idempotencyKey = stringOption(values, 'idempotency-key');
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) throw new UsageError('--idempotency-key expects 1 to 200 visible ASCII characters');
  return {
    command: 'correct',
    request: corrects === undefined ? request : { ...request, corrects },
    ...(ifMatch === undefined ? {} : { ifMatch }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    json: values['json'] === true,
  };
}

function parse(what: string, argv: readonly string[], options: Options, positionals: number) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // node's own message names the flag ("Unknown option '--sku'"); its advice on positionals is not for this CLI
    const message = String((error as { message?: unknown }).message ?? error).split('. To specify a positional')[0];
    throw new UsageError(`${what}: ${message}`);
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`${what}: unexpected argument "${parsed.positionals[positionals] ?? ''}"`);
  return parsed;
}

function stringOption(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} expects a value`);
  return value;
}

function aggregateId(positionals: readonly string[], what: string): string {
  const [id] = positionals;
  if (!id) throw new UsageError(`the correction needs ${what}`);
  return id;
}

function reason(values: Record<string, unknown>): string {
  const text = stringOption(values, 'reason');
  if (text === undefined) throw new UsageError('a correction needs --reason: why it is made, in words (a ticket, a bug)');
  const checked = correctionReasonSchema.safeParse(text);
  if (!checked.success) throw new UsageError(`--reason: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  return text;
}

function lineOption(option: string): { line: number | string; unitPriceCents: number } {
  const match = /^([^=]+)=(\d+)$/.exec(option);
  if (!match) throw new UsageError(`--line expects <place or SKU>=<unit price in minor units>, such as 0=1150 or MUG=1150, not "${option}"`);
  const [, line = '', price = ''] = match;
  const unitPriceCents = Number(price);
  if (!Number.isSafeInteger(unitPriceCents)) throw new UsageError(`--line ${option}: the price is beyond the largest exact amount`);
  return { line: /^\d+$/.test(line) ? Number(line) : line, unitPriceCents };
}

function version(value: unknown): number {
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw new UsageError(`--if-match expects the version the correction is based on, not "${String(value)}"`);
  return number;
}

function positiveInteger(flag: string, value: unknown): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${flag} expects a positive whole number, not "${String(value)}"`);
  return number;
}

function positiveNumber(flag: string, value: unknown): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${flag} expects a positive number, not "${String(value)}"`);
  return number;
}
