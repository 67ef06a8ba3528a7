import { randomUUID } from 'node:crypto';
import { CompressionTypes, type Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import { closedLoop, type LoadResult } from './http-load';
import { idFor, orderViewDocument } from './shapes';

/**
 * The bare kafkajs idempotent producer (acks=all; kafkajs wants one request in flight for
 * idempotence) at the same concurrency as the HTTP load: `concurrency` sends of one record each.
 */
export async function kafkajsProducerLoad(kafka: Kafka, topic: string, value: string, load: { concurrency: number; warmupMs: number; durationMs: number }): Promise<LoadResult> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    return await closedLoop({
      ...load,
      operation: async () => {
        await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: [{ key: randomUUID(), value }] });
        return true;
      },
    });
  } finally {
    await producer.disconnect();
  }
}

/** A bare kafkajs `eachBatch` consumer, new group, from offset zero, until `records` have passed: records/s from run() to done. */
export async function kafkajsBatchConsume(kafka: Kafka, topics: readonly string[], records: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-bare-consume-${randomUUID()}`, maxBytes: 10 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  let finished = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        // a consumer that decodes what it reads, as any real one does
        for (const message of batch.messages) if (message.value) JSON.parse(message.value.toString('utf8'));
        seen += batch.messages.length;
        const last = batch.messages.at(-1);
        if (last) resolveOffset(last.offset);
        await heartbeat();
        if (seen >= records && finished === 0) {
          finished = performance.now();
          resolve();
        }
      },
    });
  });
  await done;
  await consumer.disconnect();
  return (records / (finished - started)) * 1000;
}

/**
 * A bare `mongodb` bulk upsert of `documents` distinct read-model-shaped documents (order views
 * joined with payment and shipment), in chunks of `chunk` replacements with `parallel` commands in flight, as the projector
 * writes (FerretDB hangs on a few hundred replacements in one command): seconds for all of them.
 */
export async function bulkUpsert(db: Db, collectionName: string, documents: number, chunk = 16, parallel = 2): Promise<number> {
  const collection = db.collection<{ _id: string }>(collectionName);
  await collection.drop().catch(() => undefined);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const from = next;
      if (from >= documents) return;
      next = Math.min(documents, from + chunk);
      const operations = [];
      for (let i = from; i < next; i++) {
        const document = orderViewDocument(idFor(`${collectionName}/${i}`), 3);
        operations.push({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } });
      }
      await collection.bulkWrite(operations, { ordered: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - started) / 1000;
  await collection.drop().catch(() => undefined);
  return seconds;
}

/** One hop through the broker: produce (acks=all) and see it in a consumer's eachMessage. Latencies in ms. `topic` must be new and empty. */
export async function kafkajsHopLatency(kafka: Kafka, topic: string, samples: number): Promise<number[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-hop-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await Promise.all([producer.connect(), consumer.connect()]);
  // an empty topic of its own, read from the beginning: a group that starts at "latest" may take its
  // position after the first record was written, and never see it
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const waiting = new Map<string, (at: number) => void>();
  let joined: () => void = () => undefined;
  const hasJoined = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  void consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      waiting.get(key)?.(performance.now());
      waiting.delete(key);
    },
  });
  await hasJoined;
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples + 5; i++) {
      const key = randomUUID();
      const seen = new Promise<number>((resolve) => waiting.set(key, resolve));
      const sent = performance.now();
      await producer.send({ topic, acks: -1, messages: [{ key, value: 'hop' }] });
      const at = await Promise.race([seen, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('a hop took over 10 s')), 10_000))]);
      if (i >= 5) latencies.push(at - sent); // the first few warm the fetch loop up
    }
  } finally {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
  }
  return latencies;
}
