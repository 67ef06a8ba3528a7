/**
 * How many bulk writes one process runs at a time, and how many documents each carries.
 *
 * These limits exist for FerretDB 1.x on SQLite, the dev stack's MongoDB-wire server. Its `update`
 * handler keeps every statement's query open until the whole command ends, and each open query
 * holds one of at most 100 connections per database; a statement also needs a free connection to
 * write. Once the statements in flight across all clients reach about 100, every one waits for a
 * connection another holds, and the database hangs for good. Small chunks and few writes at once
 * keep a projector app and a rebuild CLI together far below that; MongoDB itself has no such limit.
 */
export const WRITE_CHUNK = 16;
export const CONCURRENT_WRITES = 2;

/** A counting semaphore: at most `limit` of the tasks given to `run` are in progress at once. */
export class WriteGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      // hand the slot straight to the next in line, or give it back
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** Shared by every projector of the process: the limit is on the database's connections, not per projection. */
export const processWriteGate = new WriteGate(CONCURRENT_WRITES);
