import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DevStackError } from './errors';

/** How the servers are provided: started here from jars and Go, in containers, or already running elsewhere. */
export type InfraMode = 'local' | 'containers' | 'external';

export interface ServerAddresses {
  /** Comma-separated `host:port` list, as `KAFKA_BROKERS` takes it. */
  readonly kafkaBrokers: string;
  readonly mongoUri: string;
  /**
   * `REWIND_KAFKA_SASL_BROKERS`: the same Kafka through a SASL_PLAINTEXT listener that takes
   * the apps' users (LOCAL_KAFKA_USERS) with SCRAM-SHA-512. Only the local stack has one.
   */
  readonly kafkaSaslBrokers?: string | undefined;
}

export interface DevStackEnv {
  readonly cacheDir: string;
  /**
   * Where `up` keeps the stack's data between starts (Kafka's log and metadata, FerretDB's SQLite
   * files) and where the stack it runs is recorded. Throw-away stacks (`exec`, tests) never use it.
   */
  readonly dataDir: string;
  /** Set when both `KAFKA_BROKERS` and `MONGODB_URI` are given: use them, start nothing. */
  readonly external: ServerAddresses | undefined;
  /** `REWIND_INFRA`: `local` or `containers` forces a mode; unset means containers where Docker answers. */
  readonly requestedInfra: 'local' | 'containers' | 'auto';
  readonly dockerHostConfigured: boolean;
  /** Max heap of the local Kafka JVM. */
  readonly kafkaHeap: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The only place the dev stack reads the environment. */
export function readDevStackEnv(env: Env = process.env): DevStackEnv {
  const brokers = nonEmpty(env['KAFKA_BROKERS']);
  const mongoUri = nonEmpty(env['MONGODB_URI']);
  if ((brokers === undefined) !== (mongoUri === undefined)) {
    const missing = brokers === undefined ? 'KAFKA_BROKERS' : 'MONGODB_URI';
    throw new DevStackError(
      `${missing} is not set, but ${missing === 'KAFKA_BROKERS' ? 'MONGODB_URI' : 'KAFKA_BROKERS'} is`,
      'set both to use external servers, or neither to let the dev stack start its own',
    );
  }

  const infra = nonEmpty(env['REWIND_INFRA']) ?? 'auto';
  if (infra !== 'local' && infra !== 'containers' && infra !== 'auto') {
    throw new DevStackError(`REWIND_INFRA must be "local", "containers" or unset, not "${infra}"`);
  }

  const heap = nonEmpty(env['REWIND_KAFKA_HEAP']) ?? '768m';
  if (!/^\d+[mMgG]$/.test(heap)) {
    throw new DevStackError(`REWIND_KAFKA_HEAP must look like 512m or 1g, not "${heap}"`);
  }

  const home = nonEmpty(env['HOME']) ?? homedir();
  const cacheHome = nonEmpty(env['XDG_CACHE_HOME']) ?? join(home, '.cache');
  const dataHome = nonEmpty(env['XDG_DATA_HOME']) ?? join(home, '.local', 'share');
  return {
    cacheDir: nonEmpty(env['REWIND_CACHE_DIR']) ?? join(cacheHome, 'rewind'),
    dataDir: resolve(nonEmpty(env['REWIND_DATA_DIR']) ?? join(dataHome, 'rewind')),
    external: brokers && mongoUri ? { kafkaBrokers: brokers, mongoUri, kafkaSaslBrokers: nonEmpty(env['REWIND_KAFKA_SASL_BROKERS']) } : undefined,
    requestedInfra: infra,
    dockerHostConfigured: nonEmpty(env['DOCKER_HOST']) !== undefined,
    kafkaHeap: heap,
  };
}

/** Hands the servers' addresses to this process and every child it starts (jest workers, apps). */
export function exportServerAddresses(addresses: ServerAddresses, env: Record<string, string | undefined> = process.env): void {
  env['KAFKA_BROKERS'] = addresses.kafkaBrokers;
  env['MONGODB_URI'] = addresses.mongoUri;
  if (addresses.kafkaSaslBrokers !== undefined) env['REWIND_KAFKA_SASL_BROKERS'] = addresses.kafkaSaslBrokers;
  else delete env['REWIND_KAFKA_SASL_BROKERS'];
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
