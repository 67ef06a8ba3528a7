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
  npm run dead-letters -- replay --consumer <group> [--key <key>] [--wait]`;

/** Bad arguments: the message says which, and the CLI exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Pure: the command line, checked against the known projections. */
export function parseArguments(argv: readonly string[], projections: readonly string[]): CliCommand {
  const [command, projection, ...rest] = argv;
  if (command === 'dead-letters') return deadLetterArguments(argv.slice(1));
  if (command !== 'rebuild' && command !== 'verify') throw new UsageError(`unknown command "${command ?? ''}"`);
  if (projection === undefined || projection.startsWith('--')) throw new UsageError(`${command} needs a projection: one of ${projections.join(', ')}`);
  if (!projections.includes(projection)) throw new UsageError(`unknown projection "${projection}"; known: ${projections.join(', ')}`);
  return command === 'rebuild' ? rebuildOptions(projection, rest) : verifyOptions(projection, rest);
}

function rebuildOptions(projection: string, rest: readonly string[]): CliCommand {
  let inPlace = false;
  let fresh = false;
  let maxRate: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--in-place') inPlace = true;
    else if (flag === '--fresh') fresh = true;
    else if (flag === '--max-rate') maxRate = positiveInteger('--max-rate', rest[++i]);
    else throw new UsageError(`unknown option "${flag ?? ''}" for rebuild`);
  }
  if (inPlace && fresh) throw new UsageError('--in-place and --fresh do not go together: in place always starts over');
  return { command: 'rebuild', projection, inPlace, fresh, ...(maxRate === undefined ? {} : { maxRate }) };
}

function verifyOptions(projection: string, rest: readonly string[]): CliCommand {
  if (rest.length === 0) return { command: 'verify', projection };
  if (rest.length !== 2) throw new UsageError('verify takes two generations to compare, or none (the live one and the one beside it)');
  return { command: 'verify', projection, generations: [positiveInteger('generation', rest[0]), positiveInteger('generation', rest[1])] };
}

function deadLetterArguments([action, ...rest]: readonly string[]): DeadLetterCommand {
  if (action === 'show') {
    const [id, ...extra] = rest;
    if (id === undefined || id.startsWith('--') || extra.length > 0) throw new UsageError('dead-letters show takes one dead letter id, as `list` prints it');
    return { command: 'dead-letters show', id };
  }
  if (action !== 'list' && action !== 'replay') throw new UsageError(`unknown dead-letters action "${action ?? ''}"; expected list, show or replay`);
  const options: { consumer?: string; key?: string; json: boolean; wait: boolean } = { json: false, wait: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--consumer') options.consumer = optionValue('--consumer', rest[++i]);
    else if (flag === '--key') options.key = optionValue('--key', rest[++i]);
    else if (flag === '--json' && action === 'list') options.json = true;
    else if (flag === '--wait' && action === 'replay') options.wait = true;
    else throw new UsageError(`unknown option "${flag ?? ''}" for dead-letters ${action}`);
  }
  const { consumer, key } = options;
  const filter = { ...(consumer === undefined ? {} : { consumer }), ...(key === undefined ? {} : { key }) };
  if (action === 'list') return { command: 'dead-letters list', ...filter, json: options.json };
  if (consumer === undefined) throw new UsageError('dead-letters replay needs --consumer: the group whose letters are to be handled again');
  return { command: 'dead-letters replay', ...filter, consumer, wait: options.wait };
}

function optionValue(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith('--') || value.length === 0) throw new UsageError(`${flag} expects a value`);
  return value;
}

function positiveInteger(what: string, value: string | undefined): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < 1) throw new UsageError(`${what} expects a positive whole number, not "${value ?? ''}"`);
  return number;
}
