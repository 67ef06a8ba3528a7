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
  /**
   * The most one projection consumer fetches at once, in bytes (kafkajs `maxBytes`, 10 MB by its
   * default). kafkajs holds a fetch until all of it is folded and written, so each consumer (one per
   * projection, one more per rebuild) holds at most this much of the log, decoded, however far
   * behind it is. 512 KiB: far behind, the projector peaked ~40 MB lower than with 10 MB, at the
   * same rate (docs/performance.md); the database, not the fetch, sets the pace.
   */
  PROJECTION_FETCH_MAX_BYTES: z.coerce.number().int().min(64 * 1024).max(64 * 1024 * 1024).default(512 * 1024),
  /**
   * The rebuild CLI only: the id of the request it runs for, stable across retries (the rebuild
   * Job gives its own uid). A retried run resumes the rebuild it recorded, and once that one has
   * flipped it exits 0 instead of starting another.
   */
  REBUILD_REQUEST_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'expected 1 to 128 letters, digits, ".", "_", ":" or "-", such as a Kubernetes uid')
    .optional(),
});

/**
 * How the rebuild CLI ends, so that a Kubernetes Job (k8s/jobs/rebuild-projection.yaml) retries
 * what a retry can mend, and fails at once on what it cannot. 130/143: stopped by SIGINT/SIGTERM.
 */
export const REBUILD_EXIT = {
  /** Flipped: now, or already by an earlier run of the same request. */
  done: 0,
  /** Failed in a way a later run may get past (a server away, a consumer lost, the rebuild `failed`): running it again resumes the rebuild. */
  failed: 1,
  /** Bad arguments or settings. */
  usage: 2,
  /** The rebuild was given up or replaced by another: running the same request again cannot change that. */
  final: 3,
} as const;

/** The projector's settings, read once at boot; a bad one stops the process, named. */
export const projectorConfig = (env: Readonly<Record<string, string | undefined>> = process.env) => readConfig(settings, env);
