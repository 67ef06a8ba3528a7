import { parseArgs } from 'node:util';

export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'up'; readonly portOffset: number }
  | { readonly command: 'exec'; readonly attach: boolean; readonly argv: readonly string[] }
  | { readonly command: 'status'; readonly json: boolean }
  | { readonly command: 'restart'; readonly apps: readonly string[] }
  | { readonly command: 'down' }
  | { readonly command: 'reset' }
  | { readonly command: 'provision' }
  | { readonly command: 'install' };

/** Wrong arguments: the CLI prints the message and the usage, exits 2, and starts nothing. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const usage = `Usage: npm run stack -- <command> [options]      (npm start is \`up\`)

Commands:
  up [--port-offset N]     start Kafka + a MongoDB-wire server, provision the topics, start and supervise
                           every app; data is kept between starts in the data directory; Ctrl-C stops all
  status [--json]          the running stack and each app: ready, starting, or restarting after a crash
  restart <app>…           stop an app of the running stack and start it again (e.g. restart projector)
  down                     stop the running stack from another terminal
  reset                    delete the kept data (Kafka's log, the read models); refused while the stack runs
  exec [--attach] -- <command> [args…]
                           run a command with KAFKA_BROKERS / MONGODB_URI set to the running stack; without one,
                           start a throw-away stack for it (stopped after it), or with --attach start nothing
                           and run it without the variables
  provision                create or fix the declared topics on the running stack (or KAFKA_BROKERS)
  install                  fill the cache (Kafka jars, FerretDB binary) without starting anything
  help                     this text (also: --help, or <command> --help)

Options:
  --port-offset N          (up) run the apps N ports above their own (3001… → 3001+N…), beside another stack
  --json                   (status) the answer as JSON
  --attach                 (exec) never start servers: use the running stack's, or none

Environment: REWIND_DATA_DIR (the kept data; default $XDG_DATA_HOME/rewind or ~/.local/share/rewind),
REWIND_CACHE_DIR, REWIND_INFRA, REWIND_KAFKA_HEAP, KAFKA_BROKERS + MONGODB_URI (docs/dev-stack.md).`;

const COMMANDS = ['up', 'exec', 'status', 'restart', 'down', 'reset', 'provision', 'install', 'help'] as const;

/**
 * Pure: the command line as a command, or a UsageError. Checked completely before anything is
 * started, so a typo costs nothing. Everything after `exec`'s `--` is the command's own.
 */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('no command given');
  if (name === 'help' || name === '--help' || name === '-h') return { command: 'help' };
  if (!(COMMANDS as readonly string[]).includes(name)) throw new UsageError(`unknown command "${name}"`);

  if (name === 'exec') return parseExec(rest);
  const { values, positionals } = parse(name, rest, {
    help: { type: 'boolean', short: 'h' },
    ...(name === 'up' ? { 'port-offset': { type: 'string' } } : {}),
    ...(name === 'status' ? { json: { type: 'boolean' } } : {}),
  });
  if (values['help'] === true) return { command: 'help' };
  if (name !== 'restart' && positionals.length > 0) throw new UsageError(`${name} takes no arguments, not "${positionals.join(' ')}"`);
  switch (name) {
    case 'up':
      return { command: 'up', portOffset: portOffset(values['port-offset']) };
    case 'status':
      return { command: 'status', json: values['json'] === true };
    case 'restart':
      if (positionals.length === 0) throw new UsageError('restart needs the name of an app, e.g. restart projector');
      return { command: 'restart', apps: positionals };
    case 'down':
    case 'reset':
    case 'provision':
    case 'install':
      return { command: name };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

function parseExec(args: readonly string[]): CliCommand {
  // the options are exec's up to `--` (or up to the first word that is not an option); the rest is the command's
  const separator = args.indexOf('--');
  const firstWord = args.findIndex((arg) => !arg.startsWith('-'));
  const end = separator >= 0 ? separator : firstWord >= 0 ? firstWord : args.length;
  const { values } = parse('exec', args.slice(0, end), { help: { type: 'boolean', short: 'h' }, attach: { type: 'boolean' } });
  if (values['help'] === true) return { command: 'help' };
  const command = args.slice(separator >= 0 ? separator + 1 : end);
  if (command.length === 0) throw new UsageError('exec needs a command: exec [--attach] -- <command> [args…]');
  return { command: 'exec', attach: values['attach'] === true, argv: command };
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(command: string, args: readonly string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    return { values, positionals };
  } catch (error) {
    // node's messages name the option ("Unknown option '--fast'"); say whose it is
    // (not `instanceof Error`: the error may come from another realm, as under jest)
    const message = String((error as { message?: unknown }).message ?? error);
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
}

function portOffset(value: unknown): number {
  if (value === undefined) return 0;
  const offset = Number(value);
  if (!Number.isInteger(offset) || offset < 0 || offset > 60_000) throw new UsageError(`--port-offset wants a whole number from 0 to 60000, not "${String(value)}"`);
  return offset;
}
