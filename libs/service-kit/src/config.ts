import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { COMMAND_RETENTION_MS } from '@rewind/contracts';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { MongoClientOptions } from 'mongodb';
import { z } from 'zod';

/**
 * A setting that is missing or malformed: the process must not start. Its message names settings,
 * never their values: a value may be a password (in a SASL setting, or inside MONGODB_URI), and
 * this message is printed.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The settings every Rewind app shares. */
export const commonSettings = {
  /** Comma-separated `host:port` list. */
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .refine((brokers) => brokers.every((broker) => /^[^\s:]+:\d+$/.test(broker)), 'expected host:port[,host:port…]'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Prefixed to every topic, group and transactional id: several installations can share a cluster. */
  TOPIC_NAMESPACE: z
    .string()
    .regex(/^([a-z0-9-]+\.)?$/, 'expected empty, or lower-case letters, digits and dashes ending in a dot, such as "staging."')
    .default(''),
  /** How long an HTTP request waits for a command's outcome before answering 202. */
  COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  // How the apps authenticate to Kafka and encrypt the connection: off unless set (the dev stack and
  // the in-cluster Strimzi listener are plaintext). kafkaClientSettings turns them into kafkajs's.
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  /** Required when KAFKA_SASL_MECHANISM is set (connectionChecks). */
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_TLS: z
    .enum(['true', 'false'], 'expected true or false')
    .default('false')
    .transform((value) => value === 'true'),
  /** A PEM file of the CAs to trust instead of Node's; read at boot by kafkaClientSettings. */
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
};

/**
 * Asymmetric signatures only: the apps hold the issuer's public keys (its JWKS), never a secret
 * that could also sign. `none` and the HMAC family are never accepted, whatever a token says.
 */
export const signatureAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** The settings of every app that answers HTTP requests from people (docs/security.md). */
export const authSettings = {
  /** The `iss` every token must carry: the OIDC issuer. */
  AUTH_ISSUER: z.string('required: the issuer (iss) of the bearer tokens').min(1),
  /** The `aud` every token must hold: this installation's API. */
  AUTH_AUDIENCE: z.string('required: the audience (aud) the bearer tokens are for').min(1),
  /** The issuer's JWKS endpoint (production); give this or AUTH_JWKS_FILE. */
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  /** A JWKS file (the dev stack writes one per data directory); give this or AUTH_JWKS_URL. */
  AUTH_JWKS_FILE: z.string().min(1).optional(),
  /** The signature algorithms accepted, comma-separated. */
  AUTH_ALGORITHMS: z
    .string()
    .default('RS256,ES256')
    .transform((value) => value.split(',').map((algorithm) => algorithm.trim()))
    .pipe(z.array(z.enum(signatureAlgorithms, `expected some of ${signatureAlgorithms.join(', ')}`)).min(1)),
  /** Where the roles are in a token: a claim, or a dotted path such as `realm_access.roles` (Keycloak). */
  AUTH_ROLES_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/, 'expected a claim name, or a dotted path such as realm_access.roles')
    .default('roles'),
  /** How far the clocks of the issuer and the app may differ, for exp and nbf. */
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * Requests one client may make per window, per instance (rate-limit.ts): a client is its token's
   * subject, or its address without a valid token. Tests and the bench set it high.
   */
  RATE_LIMIT_REQUESTS: z.coerce.number().int().min(1).default(600),
  /** The window of RATE_LIMIT_REQUESTS, in seconds. */
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
};

/** Where an app that reads or writes read models finds its MongoDB-wire server. */
export const mongoSettings = {
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URI'),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('rewind'),
  /**
   * A PEM file of the CAs to trust for MongoDB's TLS; MONGODB_URI must ask for TLS (`tls=true`), or
   * the driver connects in the clear and never reads it (connectionChecks).
   */
  MONGODB_TLS_CA_FILE: z.string().min(1).optional(),
  /**
   * The user the app signs in as, with MONGODB_PASSWORD (each from a Secret of the app's own in
   * production): given apart from MONGODB_URI, a password needs no percent-encoding and the URI no
   * secret. Unset: the URI's own credentials, or none (the dev stack's FerretDB).
   */
  MONGODB_USERNAME: z.string().min(1).optional(),
  MONGODB_PASSWORD: z.string().min(1).optional(),
};

/** Whether a MongoDB URI carries credentials (`user:pass@` before its hosts). Any string: it may be malformed. */
function uriHasCredentials(uri: string): boolean {
  const authority = uri.replace(/^[a-z+]+:\/\//i, '').split(/[/?]/)[0] ?? '';
  return authority.includes('@');
}

/** Whether the driver connects to a MongoDB URI over TLS: `tls` (or its older name `ssl`) true, or an SRV URI that does not turn it off. */
function uriAsksForTls(uri: string): boolean {
  const query = new URLSearchParams(uri.split('?')[1] ?? '');
  const asked = [...query].find(([key]) => ['tls', 'ssl'].includes(key.toLowerCase()))?.[1].toLowerCase();
  return asked === undefined ? uri.startsWith('mongodb+srv://') : asked === 'true';
}

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

/** The settings of a service with an event store: the common ones, its port, and the store's. */
export const serviceSettings = (defaultPort: number) => ({
  ...commonSettings,
  ...authSettings,
  PORT: port(defaultPort),
  /** Snapshot a partition after this many events (0: never). */
  SNAPSHOT_EVERY: z.coerce.number().int().min(0).default(1000),
  /**
   * Where the partitions' stores live (an SQLite file per partition): a volume of the instance's
   * own, kept across restarts, so a restart reads only the log's tail. Unset: a temporary directory
   * per start, and each start restores its partitions from the snapshots topic.
   */
  STATE_DIR: z
    .string()
    .refine((path) => isAbsolute(path), 'expected an absolute path, such as /var/lib/rewind')
    .optional(),
  /** How many aggregates an instance keeps in memory, over all its partitions; the rest are read from STATE_DIR. */
  AGGREGATE_CACHE_ENTRIES: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  /**
   * How long a command's outcome is remembered under its Idempotency-Key: after that the same key is
   * a new command. Default 7 days, the outcomes topic's retention; longer would promise what the
   * log no longer holds.
   */
  IDEMPOTENCY_WINDOW_MS: z.coerce.number().int().min(1_000).max(COMMAND_RETENTION_MS).default(COMMAND_RETENTION_MS),
  /** How fast a crashed instance's partitions move on; brokers refuse less than 6 s by default. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(10_000),
  /**
   * How long a batch of commands (decide and commit) or of saga reactions may take before the
   * service exits for its supervisor: it hangs inside kafkajs. Unset: 6 × KAFKA_SESSION_TIMEOUT_MS.
   */
  BATCH_DEADLINE_MS: z.coerce.number().int().min(1_000).optional(),
  /**
   * How the service's other instances reach this one, for the commands they forward to the owner
   * of a partition: http(s)://host:port, no path. Unset: http://127.0.0.1:<PORT>, which holds when
   * every instance runs on one host; in Kubernetes the pod's IP (the downward API).
   */
  ADVERTISED_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL, such as http://10.0.0.7:3001' })
    // the URL check above does not stop this one: a value it refused is its problem alone
    .refine((url) => !URL.canParse(url) || (new URL(url).pathname === '/' && !url.endsWith('/') && !new URL(url).search), 'expected no path, query or trailing slash, such as http://10.0.0.7:3001')
    .optional(),
  /**
   * The credential the service's instances present to each other's internal endpoint. Unset: each
   * instance makes one at random and publishes it to the others in the consumer group.
   */
  INTERNAL_TOKEN: z.string().min(32, 'expected at least 32 characters, e.g. from openssl rand -hex 32').optional(),
});

type Settings = Readonly<Record<string, unknown>>;

/**
 * The checks across settings: SASL needs a user name and a password, and a CA file is only read
 * for a TLS connection. Each problem is named by the setting to add. They run even when another
 * setting is at fault, so that every problem is reported at once; a value may then be malformed.
 */
const connectionChecks = z.superRefine<Settings>(
  (settings, context) => {
    if (settings['KAFKA_SASL_MECHANISM'] !== undefined) {
      for (const needed of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
        if (settings[needed] === undefined) context.addIssue({ code: 'custom', path: [needed], message: 'required when KAFKA_SASL_MECHANISM is set' });
      }
    }
    // an app that verifies bearer tokens (AUTH_ISSUER is required where it does) takes its keys from one place
    if (settings['AUTH_ISSUER'] !== undefined && (settings['AUTH_JWKS_URL'] === undefined) === (settings['AUTH_JWKS_FILE'] === undefined)) {
      const both = settings['AUTH_JWKS_URL'] !== undefined;
      context.addIssue({ code: 'custom', path: [both ? 'AUTH_JWKS_FILE' : 'AUTH_JWKS_URL'], message: both ? 'give AUTH_JWKS_URL or AUTH_JWKS_FILE, not both' : 'required, or AUTH_JWKS_FILE' });
    }
    if (settings['KAFKA_TLS_CA_FILE'] !== undefined && settings['KAFKA_TLS'] !== true) {
      context.addIssue({ code: 'custom', path: ['KAFKA_TLS'], message: 'must be true when KAFKA_TLS_CA_FILE is set' });
    }
    for (const issue of mongoCredentialProblems(settings)) context.addIssue({ code: 'custom', path: [issue.setting], message: issue.message });
    const uri = typeof settings['MONGODB_URI'] === 'string' ? settings['MONGODB_URI'] : undefined;
    if (settings['MONGODB_TLS_CA_FILE'] !== undefined && uri !== undefined && !uriAsksForTls(uri)) {
      context.addIssue({ code: 'custom', path: ['MONGODB_URI'], message: 'must ask for TLS (tls=true) when MONGODB_TLS_CA_FILE is set' });
    }
  },
  { when: () => true },
);

/**
 * An app's settings schema (`settings` in its config.ts): its fields, and the checks across
 * fields. Built here so that the deployment checks, which run the same schema, see those too.
 */
export const appSettings = <S extends z.ZodRawShape>(shape: S) => z.object(shape).check(connectionChecks);

/** The Kafka settings of an app's config, as kafkaClientSettings reads them. */
export interface KafkaConnectionSettings {
  readonly KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
  readonly KAFKA_SASL_USERNAME?: string | undefined;
  readonly KAFKA_SASL_PASSWORD?: string | undefined;
  readonly KAFKA_TLS: boolean;
  readonly KAFKA_TLS_CA_FILE?: string | undefined;
}

/**
 * The `ssl` and `sasl` part of kafkajs's KafkaConfig for an app's settings; every `new Kafka` of
 * runtime code spreads it in. Reads the CA file now, at boot: a file that cannot be read stops the
 * process, named by its setting.
 */
export function kafkaClientSettings(settings: KafkaConnectionSettings): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = settings;
  const ssl = settings.KAFKA_TLS_CA_FILE === undefined ? settings.KAFKA_TLS : { ca: [readSettingFile('KAFKA_TLS_CA_FILE', settings.KAFKA_TLS_CA_FILE)] };
  if (mechanism === undefined) return { ssl };
  // connectionChecks refused a mechanism without both; a config built by hand must not get past here either
  if (username === undefined || password === undefined) throw new ConfigError([`${username === undefined ? 'KAFKA_SASL_USERNAME' : 'KAFKA_SASL_PASSWORD'}: required when KAFKA_SASL_MECHANISM is set`]);
  // one literal per mechanism: kafkajs types each mechanism's options on their own
  const sasl: SASLOptions =
    mechanism === 'plain' ? { mechanism, username, password } : mechanism === 'scram-sha-256' ? { mechanism, username, password } : { mechanism, username, password };
  return { ssl, sasl };
}

/** The MongoDB settings of an app's config, as mongoClientOptions reads them. */
export interface MongoConnectionSettings {
  readonly MONGODB_URI?: string;
  readonly MONGODB_TLS_CA_FILE?: string | undefined;
  readonly MONGODB_USERNAME?: string | undefined;
  readonly MONGODB_PASSWORD?: string | undefined;
}

/** A user name needs its password and the other way round, and the credentials come from one place: the URI or these two. */
function mongoCredentialProblems(settings: Readonly<Record<string, unknown>>): { setting: string; message: string }[] {
  const username = settings['MONGODB_USERNAME'] !== undefined;
  const password = settings['MONGODB_PASSWORD'] !== undefined;
  if (username !== password) return [username ? { setting: 'MONGODB_PASSWORD', message: 'required when MONGODB_USERNAME is set' } : { setting: 'MONGODB_USERNAME', message: 'required when MONGODB_PASSWORD is set' }];
  const uri = settings['MONGODB_URI'];
  if (username && typeof uri === 'string' && uriHasCredentials(uri)) {
    return [{ setting: 'MONGODB_USERNAME', message: 'give the credentials in MONGODB_URI or in MONGODB_USERNAME and MONGODB_PASSWORD, not both' }];
  }
  return [];
}

/**
 * The MongoClient options for an app's settings, beside its MONGODB_URI: the user it signs in as,
 * and the CA file. The driver reads the CA file only on connect; checking it here stops the
 * process at boot, named by its setting.
 */
export function mongoClientOptions(settings: MongoConnectionSettings): MongoClientOptions {
  // connectionChecks refused these; a config built by hand must not get past here either
  const [problem] = mongoCredentialProblems({ ...settings });
  if (problem) throw new ConfigError([`${problem.setting}: ${problem.message}`]);
  const { MONGODB_TLS_CA_FILE: ca, MONGODB_USERNAME: username, MONGODB_PASSWORD: password } = settings;
  if (ca !== undefined) readSettingFile('MONGODB_TLS_CA_FILE', ca);
  return {
    ...(ca === undefined ? {} : { tlsCAFile: ca }),
    ...(username === undefined || password === undefined ? {} : { auth: { username, password } }),
  };
}

/** A file named by a setting, read now; a file that cannot be read is a ConfigError named by the setting. */
export function readSettingFile(setting: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // the code (ENOENT, EACCES) and not the message: the message holds the path, a setting's value
    throw new ConfigError([`${setting}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`]);
  }
}

/**
 * Reads the environment once, at boot, against the app's schema. Every problem is reported by the
 * name of the variable at fault, all at once, and the process does not start.
 */
export function readConfig<S extends z.ZodObject>(schema: S, env: Readonly<Record<string, string | undefined>> = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
}
