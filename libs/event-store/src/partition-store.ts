import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { AggregateMemory, RememberedOutcome } from './decide-batch';
import type { CommandOutcome } from './outcome';

/**
 * How far into the log the store's content goes: the state of every aggregate folded from the
 * events before `events`, and the outcomes before `outcomes`. Also what log it was read from: a
 * store of another cluster, another topic or another state shape is not this partition's.
 */
export interface StoreCheckpoint {
  readonly events: string;
  readonly outcomes: string;
  readonly stateSchema: number;
  readonly eventsTopic: string;
  readonly clusterId: string;
}

/** An aggregate's row: its memory without its outcomes, which have rows of their own. */
export interface AggregateRow<S> {
  readonly version: number;
  readonly state: S;
  readonly unreadable?: string;
}

export interface OutcomeRow {
  readonly aggregateId: string;
  readonly commandId: string;
  readonly outcome: CommandOutcome;
  readonly fingerprint?: string;
  /** When it was decided (ms since the epoch): it is forgotten once the idempotency window has passed. */
  readonly at: number;
}

/** Where a walk over the changed rows is: the last row's change sequence number and id. */
export interface ChangeCursor {
  readonly changed: number;
  readonly id: string;
}

export const CURSOR_START: ChangeCursor = { changed: 0, id: '' };

/** What one SQLite transaction writes. */
export interface StoreWrite<S> {
  readonly aggregates: Iterable<readonly [string, AggregateRow<S>]>;
  /** An outcome already stored for the same command is kept: a command id keeps its first outcome. */
  readonly outcomes: Iterable<OutcomeRow>;
  /**
   * Whether these aggregates changed since the snapshots topic last had them (the next snapshot
   * round must carry them); false for what was read from the snapshots topic.
   */
  readonly changed: boolean;
  /** Written with the content it describes, so the two never disagree. */
  readonly checkpoint?: StoreCheckpoint;
  /** A snapshot round covering every change up to this sequence number was committed to the snapshots topic. */
  readonly snapshotSeq?: number;
}

/**
 * One partition's aggregates and outcomes on the instance's disk, in an SQLite file of its own
 * (`node:sqlite`, built into Node 24: nothing to install or download). The owner writes it only
 * after a transaction committed, in one SQLite transaction with the offsets the content covers, so
 * the file always holds the partition's state at one point of its log. It is a cache of the log
 * like the rest of the owner's memory: a restarted owner that finds it checks its checkpoint against
 * the log and reads only the tail after it, and discards it when it cannot be trusted.
 *
 * Each aggregate row carries the sequence number of the write that last changed it: the snapshot
 * rounds send the rows changed since the last round to the compacted snapshots topic, a chunk at a
 * time, without a set of changed ids in the heap.
 */
export class PartitionStore<S> {
  private readonly statements: {
    readonly aggregate: StatementSync;
    readonly outcomesOf: StatementSync;
    readonly upsertAggregate: StatementSync;
    readonly insertOutcome: StatementSync;
    readonly setMeta: StatementSync;
    readonly getMeta: StatementSync;
    readonly changedPast: StatementSync;
    readonly changedFrom: StatementSync;
  };
  private sequence: number;

  private constructor(
    private readonly db: DatabaseSync,
    readonly file: string,
  ) {
    db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS aggregates (
        id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL, unreadable TEXT, changed INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS aggregates_changed ON aggregates (changed, id);
      CREATE TABLE IF NOT EXISTS outcomes (
        aggregate_id TEXT NOT NULL, command_id TEXT NOT NULL, outcome TEXT NOT NULL, fingerprint TEXT, at INTEGER NOT NULL,
        PRIMARY KEY (aggregate_id, command_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS outcomes_at ON outcomes (at);
    `);
    this.statements = {
      aggregate: db.prepare('SELECT version, state, unreadable FROM aggregates WHERE id = ?'),
      outcomesOf: db.prepare('SELECT command_id, outcome, fingerprint, at FROM outcomes WHERE aggregate_id = ? ORDER BY at'),
      upsertAggregate: db.prepare(
        `INSERT INTO aggregates (id, version, state, unreadable, changed) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, state = excluded.state, unreadable = excluded.unreadable, changed = excluded.changed`,
      ),
      insertOutcome: db.prepare('INSERT OR IGNORE INTO outcomes (aggregate_id, command_id, outcome, fingerprint, at) VALUES (?, ?, ?, ?, ?)'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      // a range of the (changed, id) index: a chunk costs its own rows, however many are clean or behind it
      changedPast: db.prepare('SELECT id, changed FROM aggregates WHERE (changed, id) > (?, ?) ORDER BY changed, id LIMIT ?'),
      changedFrom: db.prepare('SELECT id, changed FROM aggregates WHERE (changed, id) >= (?, ?) ORDER BY changed, id LIMIT ?'),
    };
    this.sequence = Number(this.meta('seq') ?? '0');
  }

  /** Opens (or creates) the file; one that SQLite cannot read is removed and begun afresh: it only ever held a cache. */
  static open<S>(file: string, log: (message: string, fields?: Record<string, unknown>) => void = () => undefined): PartitionStore<S> {
    mkdirSync(dirname(file), { recursive: true });
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(file);
      return new PartitionStore<S>(db, file);
    } catch (error) {
      if (db?.isOpen) db.close();
      log('partition store unreadable; starting it afresh', { file, error: error instanceof Error ? error.message : String(error) });
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      return new PartitionStore<S>(new DatabaseSync(file), file);
    }
  }

  get checkpoint(): StoreCheckpoint | undefined {
    const value = this.meta('checkpoint');
    return value === undefined ? undefined : (JSON.parse(value) as StoreCheckpoint);
  }

  /** The sequence number of the latest write that changed aggregates. */
  get seq(): number {
    return this.sequence;
  }

  /** Every change up to this sequence number is on the snapshots topic. */
  get snapshotSeq(): number {
    return Number(this.meta('snapshotSeq') ?? '0');
  }

  /** The aggregate's row without its outcomes: what a fold needs. */
  row(id: string): AggregateRow<S> | undefined {
    const row = this.statements.aggregate.get(id) as { version: number; state: string; unreadable: string | null } | undefined;
    if (!row) return undefined;
    return { version: row.version, state: JSON.parse(row.state) as S, ...(row.unreadable ? { unreadable: row.unreadable } : {}) };
  }

  /** The aggregate with its outcomes, oldest first; undefined when the partition never saw it. */
  read(id: string, initialState: S): AggregateMemory<S> | undefined {
    const row = this.statements.aggregate.get(id) as { version: number; state: string; unreadable: string | null } | undefined;
    const outcomes = new Map<string, RememberedOutcome>();
    for (const outcome of this.statements.outcomesOf.all(id) as { command_id: string; outcome: string; fingerprint: string | null; at: number }[]) {
      const parsed = JSON.parse(outcome.outcome) as CommandOutcome;
      outcomes.set(outcome.command_id, outcome.fingerprint === null ? { outcome: parsed, at: outcome.at } : { outcome: parsed, fingerprint: outcome.fingerprint, at: outcome.at });
    }
    if (!row && outcomes.size === 0) return undefined;
    return {
      version: row?.version ?? 0,
      state: row ? (JSON.parse(row.state) as S) : initialState,
      outcomes,
      ...(row?.unreadable ? { unreadable: row.unreadable } : {}),
    };
  }

  /** One SQLite transaction: the rows, their outcomes and (when given) the checkpoint they reach. */
  write(write: StoreWrite<S>): void {
    this.transaction(() => {
      const seq = write.changed ? this.sequence + 1 : 0;
      let wrote = false;
      for (const [id, row] of write.aggregates) {
        this.statements.upsertAggregate.run(id, row.version, JSON.stringify(row.state), row.unreadable ?? null, seq);
        wrote = true;
      }
      for (const row of write.outcomes) {
        this.statements.insertOutcome.run(row.aggregateId, row.commandId, JSON.stringify(row.outcome), row.fingerprint ?? null, row.at);
      }
      if (wrote && write.changed) {
        this.sequence = seq;
        this.setMeta('seq', String(seq));
      }
      if (write.checkpoint) this.setMeta('checkpoint', JSON.stringify(write.checkpoint));
      if (write.snapshotSeq !== undefined) this.setMeta('snapshotSeq', String(write.snapshotSeq));
    });
  }

  /**
   * The aggregates changed after sequence number `seq`, past `after`, in the order of their last
   * change: a row changed again moves behind the others, so a walk from `after` to the end meets
   * every row changed after `seq`, each at its latest state.
   */
  changedAfter(seq: number, after: ChangeCursor, limit: number): ChangeCursor[] {
    // changed > seq is (changed, id) >= (seq + 1, ''): one range, which the index seeks to
    const rows = after.changed > seq ? this.statements.changedPast.all(after.changed, after.id, limit) : this.statements.changedFrom.all(seq + 1, '', limit);
    return (rows as { id: string; changed: number }[]).map(({ id, changed }) => ({ id, changed }));
  }

  /**
   * Forgets the outcomes decided before `before`, and marks their aggregates changed: the next
   * snapshot round writes them again without those outcomes. Returns how many were forgotten.
   */
  forgetOutcomesBefore(before: number): number {
    let forgotten = 0;
    this.transaction(() => {
      const seq = this.sequence + 1;
      const marked = this.db.prepare('UPDATE aggregates SET changed = ? WHERE id IN (SELECT DISTINCT aggregate_id FROM outcomes WHERE at < ?)').run(seq, before);
      forgotten = Number(this.db.prepare('DELETE FROM outcomes WHERE at < ?').run(before).changes);
      if (Number(marked.changes) > 0) {
        this.sequence = seq;
        this.setMeta('seq', String(seq));
      }
    });
    return forgotten;
  }

  /** Empties the store, checkpoint included: what is read next begins it again. */
  clear(): void {
    this.transaction(() => {
      this.db.exec('DELETE FROM aggregates; DELETE FROM outcomes; DELETE FROM meta;');
      this.sequence = 0;
    });
  }

  /** How many aggregates and outcomes it holds. */
  counts(): { aggregates: number; outcomes: number } {
    const count = (table: string) => Number((this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
    return { aggregates: count('aggregates'), outcomes: count('outcomes') };
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private meta(key: string): string | undefined {
    return (this.statements.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  private setMeta(key: string, value: SQLInputValue): void {
    this.statements.setMeta.run(key, value);
  }

  private transaction(body: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      body();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
