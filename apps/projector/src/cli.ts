import { DEAD_LETTER_TOPIC } from '@rewind/contracts';
import { InPlaceRebuildRefused } from '@rewind/projection-runtime';
import { projectionCatalog } from '@rewind/projections';
import { ConfigError, kafkaClientSettings, mongoClientOptions } from '@rewind/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { isDeadLetterCommand, parseArguments, usage, UsageError, type CliCommand, type DeadLetterCommand } from './cli/arguments';
import { listDeadLetters, replayDeadLetters, showDeadLetter, type DeadLetterContext } from './cli/dead-letters.command';
import type { CliContext } from './cli/context';
import { rebuild, rebuildInPlace } from './cli/rebuild.command';
import { verify } from './cli/verify.command';
import { projectorConfig, REBUILD_EXIT } from './config';

/**
 * The operator's CLI: `npm run rebuild -- <projection>`, `npm run verify -- <projection>`, and
 * `npm run dead-letters -- list | show | replay`. Exit codes: 0 done, 1 failed (a retry may get
 * past it), differences found or nothing to replay, 2 bad arguments or settings, 3 a rebuild given
 * up or replaced (no retry changes that), 130/143 stopped by SIGINT/SIGTERM.
 */
async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    const parsed = parseArguments(argv, projectionCatalog().map((definition) => definition.name));
    if (parsed.command === 'help') {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    command = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${usage}\n`);
    return 2;
  }
  // `npm run rebuild` attaches to the stack `npm start` runs and starts none: say so in one line
  if (process.env['KAFKA_BROKERS'] === undefined && process.env['MONGODB_URI'] === undefined) {
    process.stderr.write('no servers: KAFKA_BROKERS and MONGODB_URI are not set; start the stack with `npm start` in another terminal, or set both\n');
    return REBUILD_EXIT.usage;
  }
  const config = projectorConfig();
  // kafkajs logs the errors it retries; the CLI reports what finally fails, and nothing else
  const kafka = new Kafka({ clientId: 'rewind-projections-cli', brokers: config.KAFKA_BROKERS, logLevel: logLevel.NOTHING, ...kafkaClientSettings(config) });
  const admin = kafka.admin();
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (['SIGINT', 'SIGTERM'] as const).forEach((signal) => process.once(signal, () => resolve(signal))));
  if (isDeadLetterCommand(command)) {
    try {
      await admin.connect();
      return await deadLetters(command, { kafka, admin, topic: `${config.TOPIC_NAMESPACE}${DEAD_LETTER_TOPIC}`, out: process.stdout, stopRequested });
    } finally {
      await admin.disconnect();
    }
  }
  const definition = projectionCatalog(config.TOPIC_NAMESPACE).find((candidate) => candidate.name === command.projection);
  if (!definition) throw new Error(`no projection ${command.projection}`); // parseArguments checked the name

  const mongo = new MongoClient(config.MONGODB_URI, mongoClientOptions(config));
  try {
    await Promise.all([admin.connect(), mongo.connect()]);
    const context: CliContext = {
      kafka,
      admin,
      db: mongo.db(config.MONGODB_DATABASE),
      namespace: config.TOPIC_NAMESPACE,
      graceMs: config.REBUILD_GRACE_MS,
      maxBytesPerFetch: config.PROJECTION_FETCH_MAX_BYTES,
      ...(config.REBUILD_REQUEST_ID === undefined ? {} : { requestId: config.REBUILD_REQUEST_ID }),
      definition,
      out: process.stdout,
      stopRequested,
    };
    if (command.command === 'verify') return await verify(context, command.generations);
    return await (command.inPlace ? rebuildInPlace(context, command.maxRate) : rebuild(context, command.maxRate, command.fresh));
  } catch (error) {
    if (!(error instanceof InPlaceRebuildRefused)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  } finally {
    await Promise.allSettled([admin.disconnect(), mongo.close()]);
  }
}

function deadLetters(command: DeadLetterCommand, context: DeadLetterContext): Promise<number> {
  switch (command.command) {
    case 'dead-letters list':
      return listDeadLetters(context, command, command.json);
    case 'dead-letters show':
      return showDeadLetter(context, command.id);
    case 'dead-letters replay':
      return replayDeadLetters(context, command, command.wait);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // a server that cannot be reached or refuses is said in one line; anything else with its stack
    const known = error instanceof ConfigError || (error instanceof Error && /^(KafkaJS|Mongo)/.test(error.name));
    process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    // bad settings stay bad however often a Job retries; a server away may come back
    process.exit(error instanceof ConfigError ? REBUILD_EXIT.usage : REBUILD_EXIT.failed);
  },
);
