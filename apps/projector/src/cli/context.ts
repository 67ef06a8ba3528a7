import type { ProjectionDefinition } from '@rewind/projection-runtime';
import type { Admin, Kafka } from 'kafkajs';
import type { Db } from 'mongodb';

/** What every CLI command works with: connected clients, the projections, where to write. */
export interface CliContext {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly db: Db;
  readonly namespace: string;
  readonly graceMs: number;
  /** The most a projection consumer fetches at once (PROJECTION_FETCH_MAX_BYTES). */
  readonly maxBytesPerFetch: number;
  /** The id of the request a rebuild runs for, stable across retries (REBUILD_REQUEST_ID). */
  readonly requestId?: string;
  readonly definition: ProjectionDefinition<object>;
  readonly out: NodeJS.WriteStream;
  /** Resolves, with the signal, when the operator asks the command to stop (Ctrl-C, SIGTERM). */
  readonly stopRequested: Promise<NodeJS.Signals>;
}
