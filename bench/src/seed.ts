import type { Kafka } from 'kafkajs';
import { EVENTS_PER_ORDER, orderHistory } from './shapes';

/**
 * Writes `orders` happy-path histories (EVENTS_PER_ORDER events each) straight to the events topics
 * of a namespace: the fast way to a long log, without the services. Orders are written in waves so
 * that the log interleaves many aggregates, as a busy shop's does.
 */
export async function seedOrders(kafka: Kafka, namespace: string, orders: number, seed: string, log: (line: string) => void): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const wave = 500;
  let written = 0;
  let lastReport = Date.now();
  try {
    const inFlight = new Set<Promise<unknown>>();
    for (let first = 0; first < orders; first += wave) {
      const messages: Record<string, { key: string; value: string }[]> = { orders: [], payments: [], shipments: [] };
      const histories = [];
      for (let i = first; i < Math.min(orders, first + wave); i++) histories.push(orderHistory(seed, i, new Date()));
      // step by step across the wave: every order's first event before any order's second
      for (let step = 0; step < EVENTS_PER_ORDER; step++) {
        for (const history of histories) {
          const record = history[step];
          if (record) messages[record.topic]?.push({ key: record.key, value: record.value });
        }
      }
      const sending = producer.sendBatch({
        acks: -1,
        topicMessages: Object.entries(messages).map(([topic, list]) => ({ topic: `${namespace}${topic}.events`, messages: list })),
      });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
      if (inFlight.size >= 4) await Promise.race(inFlight);
      written += histories.length * EVENTS_PER_ORDER;
      if (Date.now() - lastReport > 10_000) {
        log(`  seeded ${written.toLocaleString('en-US')} events`);
        lastReport = Date.now();
      }
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return written;
}
