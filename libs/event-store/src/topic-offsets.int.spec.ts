import { createTestTopics, testKafka, uniqueName } from '@rewind/testing';
import type { Admin, Kafka } from 'kafkajs';
import { EventStoreError } from './errors';
import { TopicOffsets } from './topic-offsets';

describe('topics’ offsets within a deadline, on a real broker', () => {
  const topic = uniqueName('offsets');
  const kafka = testKafka(uniqueName('offsets'));

  beforeAll(async () => {
    await createTestTopics([{ name: topic, partitions: 2, configs: {} }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ partition: 1, value: 'a' }, { partition: 1, value: 'b' }] });
    await producer.disconnect();
  });

  it('fails an ask that does not come in time, and asks again with a fresh client that is trusted from then on', async () => {
    // the first client's asks never settle, as the fault suite saw after cut connections
    const clients: Admin[] = [];
    const hanging: Kafka = Object.create(kafka);
    hanging.admin = (config) => {
      const admin = kafka.admin(config);
      if (clients.length === 0) admin.fetchTopicOffsets = () => new Promise(() => undefined);
      clients.push(admin);
      return admin;
    };
    const offsets = new TopicOffsets(hanging, 500);
    try {
      const missed = offsets.of(topic);
      await expect(missed).rejects.toThrow(EventStoreError);
      await expect(missed).rejects.toThrow(`the offsets of ${topic} did not come within 500 ms`);

      const ends = (await offsets.of(topic)).map(({ partition, high }) => ({ partition, high }));
      expect(ends.sort((a, b) => a.partition - b.partition)).toEqual([{ partition: 0, high: '0' }, { partition: 1, high: '2' }]);
      await offsets.of(topic);
      expect(clients).toHaveLength(2);
    } finally {
      await offsets.disconnect();
    }
  });
});
