import { appSettings, authSettings, commonSettings, mongoSettings, port, readConfig } from '@rewind/service-kit';
import { z } from 'zod';

/** Every setting this app reads; the deployment checks (tools/deploy) hold manifests to it. */
export const settings = appSettings({
  ...commonSettings,
  ...mongoSettings,
  ...authSettings,
  PORT: port(3004),
  /**
   * How long an answer waits for Kafka to measure a projection's lag before it goes out with
   * `Rewind-Lag: unknown`: a broker outage must not hold up reads of MongoDB.
   */
  LAG_TIMEOUT_MS: z.coerce.number().int().min(10).max(30_000).default(1_000),
  /**
   * A built explorer (`npx nx build explorer` writes dist/explorer), served under /explorer/ beside
   * the API it reads; unset, there is none. `npx nx serve query-api` (so `npm start`) sets it.
   */
  EXPLORER_DIR: z.string().min(1).optional(),
});

export type QueryApiConfig = z.output<typeof settings>;

/** The query API's settings, read once at boot; a bad one stops the process, named. */
export const queryApiConfig = (env: Readonly<Record<string, string | undefined>> = process.env): QueryApiConfig => readConfig(settings, env);
