import { createTestTopics, testKafka, uniqueName } from '@rewind/testing';
import { PartitionReadStalled, readPartitions } from './partition-reader';

describe('reading partitions with a throw-away group, on a real broker', () => {
  const topic = uniqueName('reader');
  const kafka = testKafka(uniqueName('reader'));

  beforeAll(async () => {
    await createTestTopics([{ name: topic, partitions: 2, configs: {} }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, index) => ({ partition: index % 2, value: `r${index}` })) });
    await producer.disconnect();
  });

  it('reads each range from its offset to its end, in order', async () => {
    const read: string[] = [];
    await readPartitions(kafka, [{ topic, partition: 0, from: '1', to: '5' }, { topic, partition: 1, from: '0', to: '2' }], (_topic, partition, message) => read.push(`${partition}:${String(message.value)}`));
    expect(read.filter((entry) => entry.startsWith('0:'))).toEqual(['0:r2', '0:r4', '0:r6', '0:r8']);
    expect(read.filter((entry) => entry.startsWith('1:'))).toEqual(['1:r1', '1:r3']);
  });

  it('gives up a read that stops making progress, takes it up with a fresh group where it stopped, and fails after its attempts', async () => {
    // an end beyond the last record is never reached: each group stalls there once it has read the rest
    const read: string[] = [];
    const stalls: string[] = [];
    const reading = readPartitions(kafka, [{ topic, partition: 0, from: '0', to: '6' }], (_topic, _partition, message) => read.push(String(message.value)), undefined, {
      stallMs: 1_500,
      attempts: 3,
      onStall: ({ ranges, attempt }) => stalls.push(`${attempt}: ${ranges.map((range) => `${range.partition}@${range.from}..${range.to}`).join()}`),
    });
    await expect(reading).rejects.toThrow(PartitionReadStalled);
    await expect(reading).rejects.toThrow(`reading ${topic}/0 made no progress for 1500 ms, 3 times in a row`);
    // every record handed over once, though three groups read the partition
    expect(read).toEqual(['r0', 'r2', 'r4', 'r6', 'r8']);
    expect(stalls).toEqual(['1: 0@5..6', '2: 0@5..6', '3: 0@5..6']);
  });

  it('reads from the log start when records below it are gone, and counts a range that ends there as read', async () => {
    // what retention does to a quiet partition: here with delete-records, on a topic of the test's own
    const emptied = uniqueName('reader-emptied');
    await createTestTopics([{ name: emptied, partitions: 2, configs: {} }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: emptied, messages: Array.from({ length: 8 }, (_, index) => ({ partition: index % 2, value: `e${index}` })) });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.fetchTopicMetadata({ topics: [emptied] });
      // partition 0 emptied to its end, partition 1 up to its third record
      await admin.deleteTopicRecords({ topic: emptied, partitions: [{ partition: 0, offset: '-1' }, { partition: 1, offset: '2' }] });
    } finally {
      await admin.disconnect();
    }

    const read: string[] = [];
    const stalls: number[] = [];
    // a stall would fail this read at once: every range's start is before its log start
    await readPartitions(kafka, [{ topic: emptied, partition: 0, from: '0', to: '4' }, { topic: emptied, partition: 1, from: '0', to: '4' }], (_topic, partition, message) => read.push(`${partition}:${String(message.value)}`), undefined, {
      stallMs: 5_000,
      attempts: 1,
      onStall: ({ attempt }) => stalls.push(attempt),
    });
    expect(stalls).toEqual([]);
    expect(read).toEqual(['1:e5', '1:e7']);
  });
});
