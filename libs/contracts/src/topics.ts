/**
 * The one declaration of Rewind's Kafka topics. Local provisioning, the apps and the
 * Kubernetes `KafkaTopic` resources are all derived from this list, so a partition count
 * or a retention setting is changed here and nowhere else.
 *
 * Replication is not declared: it belongs to the cluster (1 on the dev stack, 3 in production).
 */
export interface TopicDeclaration {
  readonly name: string;
  readonly partitions: number;
  /** Kafka topic-level configs, exactly as `kafka-configs` would take them. */
  readonly configs: Readonly<Record<string, string>>;
}

/**
 * Commands and events of one service share this count: a command keyed by aggregate id lands
 * on the same partition number as that aggregate's events, so the owner of command partition
 * `p` is the single writer of events partition `p`. Changing it re-homes every aggregate.
 */
export const SERVICE_PARTITIONS = 6;

/** The log is the source of truth: events are kept forever and never compacted. */
const eventLog = { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' };

/** A command matters until it has been decided; a week leaves room for a long outage. */
const commandLog = { 'cleanup.policy': 'delete', 'retention.ms': String(7 * 24 * 60 * 60 * 1000) };

const serviceTopics = (service: 'orders' | 'payments' | 'shipments'): TopicDeclaration[] => [
  { name: `${service}.events`, partitions: SERVICE_PARTITIONS, configs: eventLog },
  { name: `${service}.commands`, partitions: SERVICE_PARTITIONS, configs: commandLog },
];

export const topics: readonly TopicDeclaration[] = [
  ...serviceTopics('orders'),
  ...serviceTopics('payments'),
  ...serviceTopics('shipments'),
];
