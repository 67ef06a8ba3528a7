import type { Kafka } from 'kafkajs';
import { uniqueName } from './unique-name';

export interface TopicRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ReadTopicOptions {
  /** Stop reading once the records seen so far satisfy this. */
  readonly until: (records: readonly TopicRecord[]) => boolean;
  /** `read_committed` (the default) skips aborted transactions, as every Rewind consumer does. */
  readonly isolation?: 'read_committed' | 'read_uncommitted';
  readonly timeoutMs?: number;
}

/**
 * Reads a topic from offset zero with a throw-away consumer group, independently of any Rewind
 * code — the way tests check what really is in the log. Fails with what it saw on a timeout.
 */
export async function readTopic(kafka: Kafka, topic: string, options: ReadTopicOptions): Promise<TopicRecord[]> {
  const consumer = kafka.consumer({
    groupId: uniqueName('read-topic'),
    readUncommitted: options.isolation === 'read_uncommitted',
  });
  const records: TopicRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`readTopic(${topic}): condition not met after ${records.length} records: ${JSON.stringify(records.slice(-5))}`)),
        options.timeoutMs ?? 30_000,
      );
      const check = () => {
        if (options.until(records)) {
          clearTimeout(timer);
          resolve();
        }
      };
      check();
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            records.push({
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value?.toString('utf8') ?? null,
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, value]) => [name, Buffer.isBuffer(value) ? value.toString('utf8') : String(value)]),
              ),
            });
            check();
          },
        })
        .catch(reject);
    });
    return records;
  } finally {
    await consumer.disconnect();
  }
}
