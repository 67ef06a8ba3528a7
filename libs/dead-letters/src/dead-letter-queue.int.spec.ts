import { createTestTopics, readTopicToEnd, testKafka, uniqueName } from '@rewind/testing';
import type { Kafka } from 'kafkajs';
import { DeadLetterQueue } from './dead-letter-queue';
import type { SourceRecord } from './dead-letter';

describe('a consumer group’s dead letters, on a real broker', () => {
  const topic = uniqueName('dead-letters');
  const kafka = testKafka(uniqueName('dlq'));
  const queues: DeadLetterQueue[] = [];
  const queue = async (consumer: string) => {
    const created = new DeadLetterQueue({ kafka, topic, consumer, clock: () => new Date('2026-11-27T10:00:00Z') });
    queues.push(created);
    await created.start();
    await created.ready();
    return created;
  };
  const record = (key: string | null, offset: number, value = `{"n":${offset}}`): SourceRecord => ({
    topic: 'orders.events',
    partition: 1,
    offset: String(offset),
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(value),
    headers: { traceparent: `t-${offset}` },
  });

  beforeAll(() => createTestTopics([{ name: topic, partitions: 3, configs: {} }]));
  afterAll(() => Promise.all(queues.map((created) => created.stop())));

  it('writes what it gives up on with the reason, and holds the later records of that key only', async () => {
    const dlq = await queue('projection.orders.g1');
    const letters = [dlq.deadLetter(record('ord_1', 10), 'undecodable: Unexpected token')];
    expect(dlq.heldBehind(record('ord_1', 9))).toBeUndefined(); // before it: not held
    expect(dlq.heldBehind(record('ord_2', 11))).toBeUndefined(); // another key flows on
    expect(dlq.heldBehind(record('ord_1', 12))).toEqual(expect.objectContaining({ topic: 'orders.events', partition: 1, offset: '10' }));
    letters.push(dlq.deadLetter(record('ord_1', 12), 'irrelevant: it is held'), dlq.deadLetter(record(null, 13, 'garbage'), 'undecodable: no key'));
    await dlq.write(letters.filter((letter) => letter !== undefined));

    const written = await readTopicToEnd(kafka, topic);
    expect(written.map(({ key, value, headers }) => ({ key, value, reason: headers['rewind-dead-letter-reason'], from: headers['rewind-dead-letter-offset'], trace: headers['traceparent'] }))).toEqual(
      expect.arrayContaining([
        { key: 'ord_1', value: '{"n":10}', reason: 'undecodable: Unexpected token', from: '10', trace: 't-10' },
        { key: 'ord_1', value: '{"n":12}', reason: 'held behind orders.events/1@10', from: '12', trace: 't-12' },
        { key: null, value: 'garbage', reason: 'undecodable: no key', from: '13', trace: 't-13' },
      ]),
    );
    expect(written).toHaveLength(3);
    expect(dlq.count).toBe(3);
  });

  it('reads what is held back from the topic: a new instance holds the same keys and writes nothing twice', async () => {
    const again = await queue('projection.orders.g1');
    expect(again.heldBehind(record('ord_1', 20))).toEqual(expect.objectContaining({ offset: '10' }));
    expect(again.heldBehind(record('ord_2', 20))).toBeUndefined();
    // redelivered after a crash before the offsets were committed: already there
    expect([again.deadLetter(record('ord_1', 10), 'undecodable: Unexpected token'), again.deadLetter(record('ord_1', 12), 'held')]).toEqual([undefined, undefined]);
    expect(again.count).toBe(0);
    expect(await readTopicToEnd(kafka, topic)).toHaveLength(3);
  });

  it('keeps each consumer group’s holds to itself', async () => {
    const other = await queue('orders.reactions');
    expect(other.heldBehind(record('ord_1', 20))).toBeUndefined();
  });

  it('keeps batches waiting only for a read after the partitions moved, never for the watch’s own', async () => {
    // every admin call for the topic's offsets after the first waits at a gate the test opens
    let opened = () => undefined as void;
    const gate = new Promise<void>((resolve) => (opened = resolve));
    let offsetCalls = 0;
    const gated: Kafka = Object.create(kafka);
    gated.admin = (config) => {
      const admin = kafka.admin(config);
      const fetchTopicOffsets = admin.fetchTopicOffsets.bind(admin);
      admin.fetchTopicOffsets = async (name) => {
        offsetCalls += 1;
        if (offsetCalls > 1) await gate;
        return fetchTopicOffsets(name);
      };
      return admin;
    };
    const watched = new DeadLetterQueue({ kafka: gated, topic, consumer: 'projection.orders.g1', watchEveryMs: 20, replay: async () => undefined });
    queues.push(watched);
    await watched.start();
    await watched.ready();
    await until(() => offsetCalls > 1); // the watch's read is under way, held at the gate

    await expect(watched.ready()).resolves.toBeUndefined();

    watched.invalidate();
    const afterRebalance = watched.ready().then(() => 'read');
    expect(await Promise.race([afterRebalance, pause(200).then(() => 'waiting')])).toBe('waiting');
    opened();
    expect(await afterRebalance).toBe('read');
    expect(watched.heldBehind(record('ord_1', 20))).toEqual(expect.objectContaining({ offset: '10' }));
  });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 500) throw new Error('the condition never held');
    await pause(10);
  }
}
