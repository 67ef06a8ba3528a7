import { EventCodec, eventContract, type EventEnvelope } from '@rewind/contracts';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import type { ProjectionDefinition } from '../projection';

/** A test projection that joins two co-partitioned streams, as the orders view joins orders and payments. */
export const countedCodec = new EventCodec<EventEnvelope>([eventContract('Counted', z.object({ by: z.number().int() }))]);

export interface Totals {
  readonly left: number;
  readonly right: number;
}

export function countingProjection(topics: { left: string; right: string }, name = 'totals'): ProjectionDefinition<Totals> {
  return {
    name,
    sources: [
      { stream: 'left', topic: topics.left, codec: countedCodec },
      { stream: 'right', topic: topics.right, codec: countedCodec },
    ],
    documentId: (event) => event.aggregateId,
    evolve: (document, event, stream) => {
      const by = (event.data as { by: number }).by;
      const current = document ?? { left: 0, right: 0 };
      return stream === 'left' ? { ...current, left: current.left + by } : { ...current, right: current.right + by };
    },
  };
}

export const counted = (aggregateId: string, version: number, by: number): EventEnvelope => ({
  eventId: `00000000-0000-4000-8000-${String(version).padStart(12, '0')}`,
  type: 'Counted',
  schemaVersion: 1,
  aggregateId,
  aggregateVersion: version,
  occurredAt: '2026-11-27T10:00:00.000Z',
  commandId: `c-${aggregateId}-${version}`,
  correlationId: 'r',
  causationId: 'c',
  data: { by },
});

export async function publish(kafka: Kafka, topic: string, events: readonly EventEnvelope[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: events.map((event) => ({ key: event.aggregateId, value: countedCodec.encode(event) })) });
  await producer.disconnect();
}
