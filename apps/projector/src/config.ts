import { appSettings, commonSettings, mongoSettings, port, readConfig } from '@rewind/service-kit';
import { z } from 'zod';

/** Every setting this app reads; the deployment checks (tools/deploy) hold manifests to it. */
export const settings = appSettings({
  ...commonSettings,
  ...mongoSettings,
  /** Health endpoints only: the projector serves no API. */
  PORT: port(3005),
  /** How often each projection's pointer is read: a flip or a requested rebuild is seen within this. */
  POINTER_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** How long a generation replaced by a rebuild is kept (to compare with, or to flip back to) before it is dropped. */
  // at least a few pointer polls: every process must have stopped feeding a generation before it goes
  REBUILD_GRACE_MS: z.coerce.number().int().min(10_000).default(600_000),
});

/** The projector's settings, read once at boot; a bad one stops the process, named. */
export const projectorConfig = (env: Readonly<Record<string, string | undefined>> = process.env) => readConfig(settings, env);
