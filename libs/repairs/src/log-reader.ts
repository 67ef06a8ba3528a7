import type { EventCodec, EventEnvelope } from '@rewind/contracts';
import { readPartitions } from '@rewind/event-store';
import { Partitioners, type Kafka, type PartitionMetadata } from 'kafkajs';

/** How far a read of a topic has got, in offsets: done of total, from the log starts to the end offsets taken before it. */
export interface ReadProgress {
  readonly done: number;
  readonly total: number;
}

/** One aggregate as the log holds it: its events in version order, or why they cannot be read. */
export type AggregateLog = { readonly aggregateId: string; readonly events: readonly EventEnvelope[] } | { readonly aggregateId: string; readonly unreadable: string };

export interface LogRead {
  /** Records read (transaction markers not counted). */
  readonly records: number;
  /** The end offsets the read went up to, taken when it began. */
  readonly endOffsets: { readonly partition: number; readonly offset: string }[];
}

export interface ReadLogOptions {
  /** Only this aggregate: only its partition is read. */
  readonly aggregateId?: string;
  readonly onProgress?: (progress: ReadProgress) => void;
}

/**
 * Reads an events topic from its log starts to the end offsets taken when the read begins, as the
 * write side does (committed records only), and hands over each aggregate's history once its
 * partition is read: a partition at a time, so that only one partition's histories are held. It
 * reads the log, never a read model: a repair must see what the deciders saw.
 */
export async function readAggregateLogs(kafka: Kafka, topic: string, codec: EventCodec<EventEnvelope>, onAggregate: (log: AggregateLog) => void, options: ReadLogOptions = {}): Promise<LogRead> {
  const admin = kafka.admin();
  await admin.connect();
  let offsets: Awaited<ReturnType<typeof admin.fetchTopicOffsets>>;
  try {
    offsets = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const wanted = options.aggregateId === undefined ? undefined : partitionOf(options.aggregateId, offsets.length);
  const partitions = offsets.filter(({ partition }) => wanted === undefined || partition === wanted).sort((a, b) => a.partition - b.partition);
  const total = partitions.reduce((sum, { low, high }) => sum + Number(BigInt(high) - BigInt(low)), 0);
  let finished = 0;
  let records = 0;
  options.onProgress?.({ done: 0, total });

  for (const { partition, low, high } of partitions) {
    const histories = new Map<string, EventEnvelope[] | string>();
    await readPartitions(kafka, [{ topic, partition, from: low, to: high }], (_topic, _partition, message) => {
      records += 1;
      options.onProgress?.({ done: finished + Number(BigInt(message.offset) + 1n - BigInt(low)), total });
      const key = message.key?.toString();
      if (key === undefined || (options.aggregateId !== undefined && key !== options.aggregateId)) return;
      const history = histories.get(key) ?? [];
      if (typeof history === 'string') return; // unreadable already: the rest of it says nothing sure
      let event: EventEnvelope;
      try {
        event = codec.decode(message.value);
      } catch (error) {
        histories.set(key, `offset ${partition}@${message.offset}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (event.aggregateVersion !== history.length + 1) {
        histories.set(key, `offset ${partition}@${message.offset}: version ${event.aggregateVersion} follows version ${history.length}`);
        return;
      }
      history.push(event);
      histories.set(key, history);
    });
    finished += Number(BigInt(high) - BigInt(low));
    options.onProgress?.({ done: finished, total });
    for (const [aggregateId, history] of [...histories.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      onAggregate(typeof history === 'string' ? { aggregateId, unreadable: history } : { aggregateId, events: history });
    }
  }
  return { records, endOffsets: offsets.map(({ partition, high }) => ({ partition, offset: high })).sort((a, b) => a.partition - b.partition) };
}

/** The partition of a key, as every Rewind producer places it (kafkajs's default, Java-compatible murmur2). */
export function partitionOf(key: string, partitions: number): number {
  const metadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }) as PartitionMetadata);
  return Partitioners.DefaultPartitioner()({ topic: '', partitionMetadata: metadata, message: { key, value: null } });
}
