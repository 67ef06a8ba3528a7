import { z } from 'zod';

/** A setting that is missing or malformed: the process must not start. */
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
};

/** Where an app that reads or writes read models finds its MongoDB-wire server. */
export const mongoSettings = {
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URI'),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('rewind'),
};

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

/** The settings of a service with an event store: the common ones, its port, and the store's. */
export const serviceSettings = (defaultPort: number) => ({
  ...commonSettings,
  PORT: port(defaultPort),
  /** Snapshot a partition after this many events (0: never). */
  SNAPSHOT_EVERY: z.coerce.number().int().min(0).default(1000),
  /** How fast a crashed instance's partitions move on; brokers refuse less than 6 s by default. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).default(10_000),
});

/**
 * Reads the environment once, at boot, against the app's schema. Every problem is reported by the
 * name of the variable at fault, all at once, and the process does not start.
 */
export function readConfig<S extends z.ZodObject>(schema: S, env: Readonly<Record<string, string | undefined>> = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
}
