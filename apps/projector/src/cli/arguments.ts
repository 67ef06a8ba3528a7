import { parseArgs } from 'node:util';

/** What the projections CLI was asked to do. */
export type CliCommand = ProjectionCommand | DeadLetterCommand;

export type ProjectionCommand =
  | { readonly command: 'rebuild'; readonly projection: string; readonly inPlace: boolean; readonly fresh: boolean; readonly maxRate?: number }
  | { readonly command: 'verify'; readonly projection: string; readonly generations?: readonly [number, number] };

export type DeadLetterCommand =
  | { readonly command: 'dead-letters list'; readonly consumer?: string; readonly key?: string; readonly json: boolean }
  | { readonly command: 'dead-letters show'; readonly id: string }
  | { readonly command: 'dead-letters replay'; readonly consumer: string; readonly key?: string; readonly wait: boolean };

export const isDeadLetterCommand = (command: CliCommand): command is DeadLetterCommand => command.command.startsWith('dead-letters ');

export const usage = `usage:
  npm run rebuild -- <projection> [--in-place | --fresh] [--max-rate <records per second>]
  npm run verify -- <projection> [<generation> <generation>]
  npm run dead-letters -- list [--consumer <group>] [--key <key>] [--json]
  npm run dead-letters -- show <id>
  npm run dead-letters -- replay --consumer <group> [--key <key>] [--wait]
  any of them with --help (-h): this text`;

/** Bad arguments: the message says which, and the CLI exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--help` (or `-h`) anywhere: print `usage` on stdout and exit 0, connecting to nothing. */
export interface HelpWanted {
  readonly command: 'help';
}

type Flags = Record<string, { type: 'boolean' | 'string' }>;

/**
 * The command line after its command words, through node:util's parseArgs: unknown options and
 * missing values are usage errors, named as the user typed them.
 */
function flagsOf(args: readonly string[], flags: Flags, what: string) {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: flags, strict: true, allowPositionals: true });
    return { values: values as Readonly<Record<string, string | boolean | undefined>>, positionals };
  } catch (error) {
    // (not `instanceof Error`: node's error may come from another realm, as under jest)
    const message = String((error as { message?: unknown }).message ?? error);
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) throw new UsageError(`unknown option "${unknown}" for ${what}`);
    const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message)?.[1];
    if (missing !== undefined) throw new UsageError(`${missing} expects a value`);
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous !== undefined) throw new UsageError(`${ambiguous} expects a value; write one that starts with "-" as ${ambiguous}=<value>`);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** Pure: the command line, checked against the known projections. */
export function parseArguments(argv: readonly string[], projections: readonly string[]): CliCommand | HelpWanted {
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === 'dead-letters') return deadLetterArguments(rest);
  if (command !== 'rebuild' && command !== 'verify') throw new UsageError(`unknown command "${command ?? ''}"`);
  return command === 'rebuild' ? rebuildOptions(rest, projections) : verifyOptions(rest, projections);
}

function projectionOf(command: string, positionals: readonly string[], projections: readonly string[]): string {
  const [projection] = positionals;
  if (projection === undefined) throw new UsageError(`${command} needs a projection: one of ${projections.join(', ')}`);
  if (!projections.includes(projection)) throw new UsageError(`unknown projection "${projection}"; known: ${projections.join(', ')}`);
  return projection;
}

function rebuildOptions(args: readonly string[], projections: readonly string[]): CliCommand {
  const { values, positionals } = flagsOf(args, { 'in-place': { type: 'boolean' }, fresh: { type: 'boolean' }, 'max-rate': { type: 'string' } }, 'rebuild');
  const projection = projectionOf('rebuild', positionals, projections);
  if (positionals.length > 1) throw new UsageError(`rebuild takes one projection, not also "${positionals.slice(1).join(' ')}"`);
  const inPlace = values['in-place'] === true;
  const fresh = values['fresh'] === true;
  if (inPlace && fresh) throw new UsageError('--in-place and --fresh do not go together: in place always starts over');
  const rate = optionValue('--max-rate', values['max-rate']);
  const maxRate = rate === undefined ? undefined : positiveInteger('--max-rate', rate);
  return { command: 'rebuild', projection, inPlace, fresh, ...(maxRate === undefined ? {} : { maxRate }) };
}

function verifyOptions(args: readonly string[], projections: readonly string[]): CliCommand {
  const { positionals } = flagsOf(args, {}, 'verify');
  const [, ...generations] = positionals;
  const projection = projectionOf('verify', positionals, projections);
  if (generations.length === 0) return { command: 'verify', projection };
  if (generations.length !== 2) throw new UsageError('verify takes two generations to compare, or none (the live one and the one beside it)');
  return { command: 'verify', projection, generations: [positiveInteger('generation', generations[0]), positiveInteger('generation', generations[1])] };
}

function deadLetterArguments([action, ...rest]: readonly string[]): DeadLetterCommand {
  if (action === 'show') {
    const { positionals } = flagsOf(rest, {}, 'dead-letters show');
    const [id, ...extra] = positionals;
    if (id === undefined || extra.length > 0) throw new UsageError('dead-letters show takes one dead letter id, as `list` prints it');
    return { command: 'dead-letters show', id };
  }
  if (action !== 'list' && action !== 'replay') throw new UsageError(`unknown dead-letters action "${action ?? ''}"; expected list, show or replay`);
  const filters: Flags = { consumer: { type: 'string' }, key: { type: 'string' } };
  const { values, positionals } = flagsOf(rest, action === 'list' ? { ...filters, json: { type: 'boolean' } } : { ...filters, wait: { type: 'boolean' } }, `dead-letters ${action}`);
  if (positionals.length > 0) throw new UsageError(`dead-letters ${action} takes no "${positionals.join(' ')}"; filter with --consumer and --key`);
  const consumer = optionValue('--consumer', values['consumer']);
  const key = optionValue('--key', values['key']);
  const filter = { ...(consumer === undefined ? {} : { consumer }), ...(key === undefined ? {} : { key }) };
  if (action === 'list') return { command: 'dead-letters list', ...filter, json: values['json'] === true };
  if (consumer === undefined) throw new UsageError('dead-letters replay needs --consumer: the group whose letters are to be handled again');
  return { command: 'dead-letters replay', ...filter, consumer, wait: values['wait'] === true };
}

function optionValue(flag: string, value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`${flag} expects a value`);
  return value;
}

function positiveInteger(what: string, value: string | undefined): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < 1) throw new UsageError(`${what} expects a positive whole number, not "${value ?? ''}"`);
  return number;
}
