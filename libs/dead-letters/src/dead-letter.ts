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

/**
 * A record a consumer could not handle, or one it holds behind such a record to keep its key's
 * order. The key, value and headers are the source record's own, untouched, so that the record
 * can be handled again once the cause is fixed; what happened is told in headers of its own.
 */
export interface DeadLetter {
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

const HEADER = {
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

/** The record written to the dead-letter topic for a dead letter. */
export function deadLetterMessage(letter: DeadLetter): Message {
  return {
    key: letter.key,
    value: letter.value,
    headers: {
      ...letter.headers,
      [HEADER.consumer]: letter.consumer,
      [HEADER.reason]: letter.reason,
      [HEADER.topic]: letter.source.topic,
      [HEADER.partition]: String(letter.source.partition),
      [HEADER.offset]: letter.source.offset,
      [HEADER.at]: letter.at,
      ...(letter.heldBehind ? { [HEADER.heldBehind]: positionText(letter.heldBehind) } : {}),
    },
  };
}

/** The dead letter a record of the dead-letter topic carries; undefined for a record that is not one. */
export function readDeadLetter(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): DeadLetter | undefined {
  const headers = headerText(message.headers);
  const { [HEADER.consumer]: consumer, [HEADER.reason]: reason, [HEADER.topic]: topic, [HEADER.partition]: partition, [HEADER.offset]: offset, [HEADER.at]: at } = headers;
  if (consumer === undefined || reason === undefined || topic === undefined || partition === undefined || offset === undefined || at === undefined) return undefined;
  const heldBehind = parsePosition(headers[HEADER.heldBehind]);
  const own = new Set<string>(Object.values(HEADER));
  return {
    consumer,
    reason,
    source: { topic, partition: Number(partition), offset },
    ...(heldBehind ? { heldBehind } : {}),
    at,
    key: message.key?.toString() ?? null,
    value: message.value,
    headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !own.has(name))),
  };
}

export function parsePosition(value: string | undefined): Position | undefined {
  const match = /^(.+)\/(\d+)@(\d+)$/.exec(value ?? '');
  return match ? { topic: match[1] as string, partition: Number(match[2]), offset: match[3] as string } : undefined;
}
