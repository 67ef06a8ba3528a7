import type { Kafka } from 'kafkajs';

export type KafkaClientKind = 'producer' | 'consumer' | 'admin';

/** One request a client made to a broker, as kafkajs's instrumentation reports it. */
export interface KafkaRequest {
  readonly client: KafkaClientKind;
  /** The protocol's name of the request: Produce, Fetch, AddPartitionsToTxn, EndTxn, … */
  readonly api: string;
}

/**
 * The same Kafka, except that every producer, consumer and admin made from it tells `onRequest` of
 * each request it sends (kafkajs's `REQUEST` instrumentation events). A service counts them per
 * command this way: what a command costs in broker round trips is the figure that decides its
 * latency on a shared machine.
 */
export function countingRequests(kafka: Kafka, onRequest: (request: KafkaRequest) => void): Kafka {
  const counting = Object.create(kafka) as Kafka;
  counting.producer = (config) => {
    const producer = kafka.producer(config);
    producer.on(producer.events.REQUEST, ({ payload }) => onRequest({ client: 'producer', api: payload.apiName }));
    return producer;
  };
  counting.consumer = (config) => {
    const consumer = kafka.consumer(config);
    consumer.on(consumer.events.REQUEST, ({ payload }) => onRequest({ client: 'consumer', api: payload.apiName }));
    return consumer;
  };
  counting.admin = (config) => {
    const admin = kafka.admin(config);
    admin.on(admin.events.REQUEST, ({ payload }) => onRequest({ client: 'admin', api: payload.apiName }));
    return admin;
  };
  return counting;
}
