import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  /** First offset to read. */
  readonly from: string;
  /** Read until the position reaches this offset (the end offset taken before reading). */
  readonly to: string;
}

/**
 * Reads committed records of some topic partitions from given offsets to given end offsets, in
 * order per partition. kafkajs has no manual assignment, so a throw-away consumer group subscribes
 * to the topics, seeks the wanted partitions and pauses the rest.
 *
 * The end is reached when the position passes `to`; transaction markers occupy offsets too, and
 * kafkajs reports batches made only of markers through END_BATCH_PROCESS, which is watched here.
 */
export async function readPartitions(
  kafka: Kafka,
  ranges: readonly PartitionRange[],
  onMessage: (topic: string, partition: number, message: KafkaMessage) => void,
  heartbeat: () => Promise<void> = async () => undefined,
): Promise<void> {
  const pending = ranges.filter((range) => BigInt(range.from) < BigInt(range.to));
  if (pending.length === 0) return;

  const key = (topic: string, partition: number) => `${topic}/${partition}`;
  const wanted = new Map(pending.map((range) => [key(range.topic, range.partition), range]));
  const remaining = new Set(wanted.keys());
  const consumer = kafka.consumer({ groupId: `rewind-partition-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });

  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const reached = (topic: string, partition: number, lastOffset: string) => {
    const range = wanted.get(key(topic, partition));
    if (range && BigInt(lastOffset) + 1n >= BigInt(range.to)) {
      remaining.delete(key(topic, partition));
      if (remaining.size === 0) finish();
    }
  };

  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reached(payload.topic, payload.partition, payload.lastOffset));
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
      const others = partitions.filter((partition) => !wanted.has(key(topic, partition)));
      if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
    }
    for (const range of pending) consumer.seek({ topic: range.topic, partition: range.partition, offset: range.from });
  });

  await consumer.connect();
  try {
    for (const topic of new Set(pending.map((range) => range.topic))) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = wanted.get(key(batch.topic, batch.partition));
        if (!range) return;
        try {
          for (const message of batch.messages) {
            // records past the end offset belong to a later owner's writes: not part of this read
            if (BigInt(message.offset) < BigInt(range.to)) onMessage(batch.topic, batch.partition, message);
          }
        } catch (error) {
          fail(error); // a record that cannot be folded ends the read at once, not after retries
          return;
        }
        await heartbeat();
      },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
    await done;
  } finally {
    await consumer.disconnect();
  }
}
