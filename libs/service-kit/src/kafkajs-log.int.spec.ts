// the apps load the event store, and with it its fixes to kafkajs (CONCURRENT_TRANSACTIONS asked again soon)
import '@rewind/event-store';
import { Writable } from 'node:stream';
import { createTestTopics, testKafka, uniqueName } from '@rewind/testing';
import type { Producer } from 'kafkajs';
import { kafkajsLogCreator } from './kafkajs-log';
import { createLogger } from './logging';

/** kafkajs's text for CONCURRENT_TRANSACTIONS. */
const CONCURRENT_TRANSACTIONS = 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';

describe('kafkajs’s log lines, on a real broker', () => {
  const topic = uniqueName('kafkajs-log');
  const group = uniqueName('kafkajs-log-group');
  const lines: Record<string, unknown>[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  // as the apps make their clients: kafkajs at WARN, so every ERROR line reaches the mapping
  const kafka = testKafka(uniqueName('kafkajs-log'), { logCreator: kafkajsLogCreator(createLogger('kafkajs-log-test', 'debug', output)) });
  let producer: Producer;

  beforeAll(async () => {
    await createTestTopics([{ name: topic, partitions: 1, configs: {} }]);
    producer = kafka.producer({ transactionalId: uniqueName('kafkajs-log-txn'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(() => producer?.disconnect());

  it('writes a CONCURRENT_TRANSACTIONS answer, which is asked again, at debug and never as an error', async () => {
    // a transaction right after a commit meets CONCURRENT_TRANSACTIONS until the broker has written the markers
    for (let round = 1; round <= 20; round++) {
      const write = await producer.transaction();
      await write.send({ topic, messages: [{ key: 'k', value: `record ${round}`, partition: 0 }] });
      await write.commit();
      const offsets = await producer.transaction();
      await offsets.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: String(round) }] }] });
      await offsets.commit();
    }
    const concurrent = lines.filter((line) => line['error'] === CONCURRENT_TRANSACTIONS);
    expect(concurrent.length).toBeGreaterThan(0);
    expect(concurrent[0]).toMatchObject({ level: 'debug', service: 'kafkajs-log-test', context: 'kafkajs', namespace: 'Connection', message: expect.stringMatching(/^Response /) });
    expect(new Set(concurrent.map((line) => line['level']))).toEqual(new Set(['debug']));
    expect(lines.filter((line) => line['level'] === 'error')).toEqual([]);
  });
});
