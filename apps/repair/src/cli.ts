import { ConfigError, kafkaClientSettings } from '@rewind/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import { parseArguments, usage, UsageError, type RepairCliCommand } from './arguments';
import { apply, correct, list, plan, type CliContext } from './commands';
import { repairCliConfig } from './config';

/**
 * The operator's corrections (docs/corrections.md): `npm run repair -- correct …` for one
 * aggregate, `plan` and `apply` for every aggregate a bug touched, `list` for the repairs there
 * are. The arguments are checked before anything connects: a wrong flag exits 2 with the usage.
 */
async function main(argv: readonly string[]): Promise<number> {
  let command: RepairCliCommand;
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${usage}\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command.command === 'list') return list(process.stdout);
  // `npm run repair` attaches to the stack `npm start` runs and starts none: say so in one line
  if (process.env['KAFKA_BROKERS'] === undefined) {
    process.stderr.write('no servers: KAFKA_BROKERS is not set; start the stack with `npm start` in another terminal, or set it\n');
    return 2;
  }

  const config = repairCliConfig();
  // kafkajs logs the errors it retries; the CLI reports what finally fails, and nothing else
  const kafka = new Kafka({ clientId: 'rewind-repair-cli', brokers: config.KAFKA_BROKERS, logLevel: logLevel.NOTHING, ...kafkaClientSettings(config) });
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (['SIGINT', 'SIGTERM'] as const).forEach((signal) => process.once(signal, () => resolve(signal))));
  const context: CliContext = {
    kafka,
    namespace: config.TOPIC_NAMESPACE,
    commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
    plansDir: config.REPAIR_PLANS_DIR,
    out: process.stdout,
    err: process.stderr,
    stopRequested,
  };
  switch (command.command) {
    case 'plan':
      return plan(context, command);
    case 'apply':
      return apply(context, command);
    case 'correct':
      return correct(context, command);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // a server that cannot be reached or refuses is said in one line; anything else with its stack
    const known = error instanceof ConfigError || (error instanceof Error && /^(KafkaJS|EventStore)/.test(error.name));
    process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
