/** What the projections CLI was asked to do. */
export type CliCommand =
  | { readonly command: 'rebuild'; readonly projection: string; readonly inPlace: boolean; readonly fresh: boolean; readonly maxRate?: number }
  | { readonly command: 'verify'; readonly projection: string; readonly generations?: readonly [number, number] };

export const usage = `usage:
  npm run rebuild -- <projection> [--in-place | --fresh] [--max-rate <records per second>]
  npm run verify -- <projection> [<generation> <generation>]`;

/** Bad arguments: the message says which, and the CLI exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Pure: the command line, checked against the known projections. */
export function parseArguments(argv: readonly string[], projections: readonly string[]): CliCommand {
  const [command, projection, ...rest] = argv;
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

function positiveInteger(what: string, value: string | undefined): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < 1) throw new UsageError(`${what} expects a positive whole number, not "${value ?? ''}"`);
  return number;
}
