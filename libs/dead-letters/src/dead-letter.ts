import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Where a record sits in the log. */
export interface Position {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export const positionText = (position: Position) => `${position.topic}/${position.partition}@${position.offset}`;

/** A record as a consumer received it. */
export interface SourceRecord extends Position {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/** A record of a fetched batch, as the consumers hand it to the queue. */
export const sourceRecord = (topic: string, partition: number, message: Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>): SourceRecord => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key,
  value: message.value,
  headers: message.headers,
});

/**
 * A record a consumer could not handle, or one it holds behind such a record to keep its key's
 * order. The key, value and headers are the source record's own, untouched, so that the record
 * can be handled again once the cause is fixed; what happened is told in headers of its own.
 */
export interface DeadLetter {
  readonly kind: 'letter';
  /** Unique per record of the dead-letter topic: a consumer that reads back what it wrote applies it once. */
  readonly id: string;
  /** The consumer group that gave up on it: each group (a projection's generation, a service's reactions) has its own. */
  readonly consumer: string;
  readonly reason: string;
  readonly source: Position;
  /** For a held record: the dead letter its key waits behind. */
  readonly heldBehind?: Position;
  readonly at: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** An operator asks a consumer to handle a key's dead letters again, after a fix. */
export interface ReplayRequested {
  readonly kind: 'replay-requested';
  readonly id: string;
  readonly consumer: string;
  readonly key: string;
  readonly at: string;
}

/**
 * The consumer has handled a key's dead letters of one source topic again: they no longer hold
 * the key. Written in one batch with the dead letters of what failed again, which come after it.
 */
export interface Released {
  readonly kind: 'released';
  readonly id: string;
  readonly consumer: string;
  readonly topic: string;
  readonly key: string;
  readonly at: string;
}

/**
 * The consumer group is gone for good — a projection's generation dropped after a rebuild
 * replaced it — so its letters hold nothing any more and nothing will replay them. From this
 * record on they are archived: no longer listed, and letters of the group read in any order
 * around it are archived too (group names are never reused). They stay in the topic, as every
 * record does.
 */
export interface Archived {
  readonly kind: 'archived';
  readonly id: string;
  readonly consumer: string;
  readonly at: string;
}

/** What the dead-letter topic holds. */
export type DeadLetterRecord = DeadLetter | ReplayRequested | Released | Archived;

const HEADER = {
  kind: 'rewind-dead-letter-kind',
  id: 'rewind-dead-letter-id',
  consumer: 'rewind-dead-letter-consumer',
  reason: 'rewind-dead-letter-reason',
  topic: 'rewind-dead-letter-topic',
  partition: 'rewind-dead-letter-partition',
  offset: 'rewind-dead-letter-offset',
  heldBehind: 'rewind-dead-letter-held-behind',
  at: 'rewind-dead-letter-at',
} as const;

const text = (value: Buffer | string | (Buffer | string)[] | undefined): string | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? text(value[0]) : value.toString();

/** The source record's headers, as text. */
export function headerText(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).flatMap(([name, value]) => (text(value) === undefined ? [] : [[name, text(value) as string]])));
}

/** The record written to the dead-letter topic. */
export function deadLetterMessage(record: DeadLetterRecord): Message {
  const common = { [HEADER.kind]: record.kind, [HEADER.id]: record.id, [HEADER.consumer]: record.consumer, [HEADER.at]: record.at };
  switch (record.kind) {
    case 'replay-requested':
      return { key: record.key, value: null, headers: common };
    case 'released':
      return { key: record.key, value: null, headers: { ...common, [HEADER.topic]: record.topic } };
    case 'archived':
      return { key: null, value: null, headers: common };
    case 'letter':
      return {
        key: record.key,
        value: record.value,
        headers: {
          ...record.headers,
          ...common,
          [HEADER.reason]: record.reason,
          [HEADER.topic]: record.source.topic,
          [HEADER.partition]: String(record.source.partition),
          [HEADER.offset]: record.source.offset,
          ...(record.heldBehind ? { [HEADER.heldBehind]: positionText(record.heldBehind) } : {}),
        },
      };
  }
}

/** The record of the dead-letter topic a message carries; undefined for a message that is not one. */
export function readDeadLetterRecord(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): DeadLetterRecord | undefined {
  const headers = headerText(message.headers);
  const { [HEADER.kind]: kind, [HEADER.id]: id, [HEADER.consumer]: consumer, [HEADER.at]: at, [HEADER.topic]: topic } = headers;
  const key = message.key?.toString() ?? null;
  if (id === undefined || consumer === undefined || at === undefined) return undefined;
  if (kind === 'replay-requested') return key === null ? undefined : { kind, id, consumer, key, at };
  if (kind === 'released') return key === null || topic === undefined ? undefined : { kind, id, consumer, topic, key, at };
  if (kind === 'archived') return { kind, id, consumer, at };
  if (kind !== 'letter') return undefined;
  const { [HEADER.reason]: reason, [HEADER.partition]: partition, [HEADER.offset]: offset } = headers;
  if (reason === undefined || topic === undefined || partition === undefined || offset === undefined) return undefined;
  const heldBehind = parsePosition(headers[HEADER.heldBehind]);
  const own = new Set<string>(Object.values(HEADER));
  return {
    kind,
    id,
    consumer,
    reason,
    source: { topic, partition: Number(partition), offset },
    ...(heldBehind ? { heldBehind } : {}),
    at,
    key,
    value: message.value,
    headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !own.has(name))),
  };
}

export function parsePosition(value: string | undefined): Position | undefined {
  const match = /^(.+)\/(\d+)@(\d+)$/.exec(value ?? '');
  return match ? { topic: match[1] as string, partition: Number(match[2]), offset: match[3] as string } : undefined;
}

/** A dead letter as operators are shown it: the value as text when it is UTF-8, else in base64. */
export function deadLetterView(letter: DeadLetter, replayRequested: boolean) {
  const { id, consumer, reason, source, heldBehind, at, key, headers, value } = letter;
  const shown = { id, consumer, reason, source, ...(heldBehind ? { heldBehind } : {}), at, key, headers, replayRequested };
  if (value === null) return { ...shown, value: null };
  const text = value.toString('utf8');
  return Buffer.from(text, 'utf8').equals(value) ? { ...shown, value: text } : { ...shown, valueBase64: value.toString('base64') };
}

/** The source record a dead letter carries, to be handled again by a replay. */
export const letterRecord = (letter: DeadLetter): SourceRecord => ({
  ...letter.source,
  key: letter.key === null ? null : Buffer.from(letter.key),
  value: letter.value,
  headers: { ...letter.headers },
});
