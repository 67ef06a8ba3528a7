import type { Kafka } from 'kafkajs';

export type KafkaClientKind = 'producer' | 'consumer' | 'admin';

/** One request a client made to a broker, as kafkajs's instrumentation reports it. */
export interface KafkaRequest {
  readonly client: KafkaClientKind;
  /** The protocol's name of the request: Produce, Fetch, AddPartitionsToTxn, EndTxn, … */
  readonly api: string;
  /** From sending it to its answer, in seconds: a Fetch's includes the broker's wait for data. */
  readonly seconds: number;
}

/**
 * The same Kafka, except that every producer, consumer and admin made from it tells `onRequest` of
 * each request it sends (kafkajs's `REQUEST` instrumentation events). A service counts them per
 * command this way: what a command costs in broker round trips is the figure that decides its
 * latency on a shared machine; how long each takes says whether the broker is the slow part.
 */
/** kafkajs's REQUEST payload: `duration` is from sending to the answer, in ms. */
const request = (client: KafkaClientKind, payload: { apiName: string; duration: number }): KafkaRequest => ({ client, api: payload.apiName, seconds: payload.duration / 1000 });

export function countingRequests(kafka: Kafka, onRequest: (request: KafkaRequest) => void): Kafka {
  const counting = Object.create(kafka) as Kafka;
  counting.producer = (config) => {
    const producer = kafka.producer(config);
    producer.on(producer.events.REQUEST, ({ payload }) => onRequest(request('producer', payload)));
    return producer;
  };
  counting.consumer = (config) => {
    const consumer = kafka.consumer(config);
    consumer.on(consumer.events.REQUEST, ({ payload }) => onRequest(request('consumer', payload)));
    return consumer;
  };
  counting.admin = (config) => {
    const admin = kafka.admin(config);
    admin.on(admin.events.REQUEST, ({ payload }) => onRequest(request('admin', payload)));
    return admin;
  };
  return counting;
}
