import { positionText, type DeadLetter, type DeadLetterRecord } from './dead-letter';

/** A key that a consumer holds in one source topic: its dead letters not yet released, oldest first. */
export interface Hold {
  readonly consumer: string;
  readonly topic: string;
  /** Null for records without a key: they are listed, but hold nothing and cannot be replayed by key. */
  readonly key: string | null;
  readonly letters: readonly DeadLetter[];
  /** An operator asked for the letters to be handled again, and the consumer has not done it yet. */
  readonly replayRequested: boolean;
}

const holdId = (consumer: string, topic: string, key: string | null) => JSON.stringify([consumer, topic, key]);

/**
 * The dead-letter topic folded record by record: which keys each consumer holds, behind which
 * letters, and whether a replay was asked for. Each record counts once, by its id, so a consumer
 * can apply what it writes at once and again when it reads the topic back. Pure: a consumer's
 * queue, the query API and the CLI all read the topic through it.
 */
export class DeadLetterLedger {
  private readonly holds = new Map<string, Hold>();
  private readonly applied = new Set<string>();
  /** Consumer groups gone for good: their letters, read before or after the record that says so, are archived. */
  private readonly archived = new Set<string>();

  apply(record: DeadLetterRecord): void {
    if (this.applied.has(record.id)) return;
    this.applied.add(record.id);
    switch (record.kind) {
      case 'letter': {
        // an archive record may come first: it and the letters can sit in different partitions
        if (this.archived.has(record.consumer)) return;
        const id = holdId(record.consumer, record.source.topic, record.key);
        const hold = this.holds.get(id) ?? { consumer: record.consumer, topic: record.source.topic, key: record.key, letters: [], replayRequested: false };
        // the same record given up on twice (two members, around a rebalance) is one letter
        if (hold.letters.some((letter) => positionText(letter.source) === positionText(record.source))) return;
        this.holds.set(id, { ...hold, letters: [...hold.letters, record] });
        return;
      }
      case 'replay-requested':
        for (const [id, hold] of this.holds) if (hold.consumer === record.consumer && hold.key === record.key) this.holds.set(id, { ...hold, replayRequested: true });
        return;
      case 'released':
        this.holds.delete(holdId(record.consumer, record.topic, record.key));
        return;
      case 'archived':
        this.archived.add(record.consumer);
        for (const [id, hold] of this.holds) if (hold.consumer === record.consumer) this.holds.delete(id);
        return;
      default: {
        const unreachable: never = record;
        return unreachable;
      }
    }
  }

  hold(consumer: string, topic: string, key: string | null): Hold | undefined {
    return this.holds.get(holdId(consumer, topic, key));
  }

  /** The open holds, in the order their first letters were written. */
  list(filter: { readonly consumer?: string; readonly key?: string } = {}): Hold[] {
    return [...this.holds.values()].filter((hold) => (filter.consumer === undefined || hold.consumer === filter.consumer) && (filter.key === undefined || hold.key === filter.key));
  }

  /** Whether this consumer's open letters include one of this source record. */
  hasLetter(consumer: string, source: DeadLetter['source'], key: string | null): boolean {
    return this.hold(consumer, source.topic, key)?.letters.some((letter) => positionText(letter.source) === positionText(source)) ?? false;
  }

  /**
   * Takes back letters applied in memory whose write failed. Only the consumer that owns a key's
   * partition writes letters of that key, so nothing else touched their holds meanwhile.
   */
  forget(letters: readonly DeadLetter[]): void {
    for (const letter of letters) {
      this.applied.delete(letter.id);
      const id = holdId(letter.consumer, letter.source.topic, letter.key);
      const remaining = this.holds.get(id)?.letters.filter((held) => held.id !== letter.id) ?? [];
      const hold = this.holds.get(id);
      if (hold && remaining.length > 0) this.holds.set(id, { ...hold, letters: remaining });
      else this.holds.delete(id);
    }
  }

  /** Puts a hold back as it was before a release whose write failed (with what failed again since). */
  restore(hold: Hold, written: readonly DeadLetterRecord[]): void {
    for (const record of written) this.applied.delete(record.id);
    this.holds.set(holdId(hold.consumer, hold.topic, hold.key), hold);
  }
}
