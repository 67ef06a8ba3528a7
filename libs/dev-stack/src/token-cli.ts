/**
 * `npm run token -- --role customer --sub cus_1`: a bearer token of the dev stack's stand-in
 * issuer (local-issuer.ts), for curl or the explorer. Prints the token alone on stdout.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { issuerDir } from './data-dir';
import { readDevStackEnv } from './env';
import { LOCAL_ROLES, LocalIssuer, type LocalRole } from './local-issuer';

export const tokenUsage = `Usage: npm run token -- --role <role> [--sub <subject>] [--ttl <seconds>] [--dir <issuer dir>]

Mints a bearer token of the dev stack's issuer (its key is in the data directory) and prints it.
  --role   ${LOCAL_ROLES.join(', ')}
  --sub    the subject; for a customer, its customer id (default dev-<role>)
  --ttl    seconds it is good for (default 43200: 12 hours)
  --dir    where the issuer's key is (default <REWIND_DATA_DIR>/issuer; docker/issuer for Compose)

  TOKEN=$(npm run -s token -- --role customer --sub cus_1)
  curl -H "Authorization: Bearer $TOKEN" localhost:3004/orders`;

export type TokenCommand = { readonly help: true } | { readonly help: false; readonly role: LocalRole; readonly subject?: string; readonly ttlSeconds?: number; readonly dir?: string };

export class TokenUsageError extends Error {
  override readonly name = 'TokenUsageError';
}

/** Pure: the command line as a request for a token, or a TokenUsageError. */
export function parseTokenArguments(argv: readonly string[]): TokenCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new TokenUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { help: true };
  if (positionals.length > 0) throw new TokenUsageError(`unexpected argument "${positionals.join(' ')}"`);
  const role = LOCAL_ROLES.find((candidate) => candidate === values.role);
  if (values.role === undefined) throw new TokenUsageError('--role is required');
  if (!role) throw new TokenUsageError(`--role must be one of ${LOCAL_ROLES.join(', ')}, not "${values.role}"`);
  if (values.sub !== undefined && !/^[\x21-\x7e]{1,200}$/.test(values.sub)) throw new TokenUsageError('--sub must be 1 to 200 visible ASCII characters');
  let ttlSeconds: number | undefined;
  if (values.ttl !== undefined) {
    ttlSeconds = Number(values.ttl);
    if (!/^\d+$/.test(values.ttl) || ttlSeconds < 1 || ttlSeconds > 30 * 86_400) throw new TokenUsageError('--ttl must be a whole number of seconds, 1 to 2592000');
  }
  return {
    help: false,
    role,
    ...(values.sub === undefined ? {} : { subject: values.sub }),
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
    ...(values.dir === undefined ? {} : { dir: values.dir }),
  };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: { role: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });

async function main(argv: readonly string[]): Promise<number> {
  let command: TokenCommand;
  try {
    command = parseTokenArguments(argv);
  } catch (error) {
    if (!(error instanceof TokenUsageError)) throw error;
    process.stderr.write(`token: ${error.message}\n\n${tokenUsage}\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(`${tokenUsage}\n`);
    return 0;
  }
  const issuer = await LocalIssuer.open(command.dir === undefined ? issuerDir(readDevStackEnv().dataDir) : resolve(command.dir));
  process.stdout.write(`${await issuer.mint({ role: command.role, ...(command.subject === undefined ? {} : { subject: command.subject }), ...(command.ttlSeconds === undefined ? {} : { ttlSeconds: command.ttlSeconds }) })}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
