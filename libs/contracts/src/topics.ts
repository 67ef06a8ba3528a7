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

/**
 * A command matters until it has been decided and can no longer be retried: a week. Also the
 * outcomes' retention, and so the event store's default idempotency window.
 */
export const COMMAND_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const commandLog = { 'cleanup.policy': 'delete', 'retention.ms': String(COMMAND_RETENTION_MS) };

/** Latest snapshot per aggregate (and a checkpoint per partition); older ones may go. */
const snapshotLog = { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': String(60 * 60 * 1000) };

export type ServiceName = 'orders' | 'payments' | 'shipments';

/** The topics of one service's event store; all four are co-partitioned by aggregate id. */
export function serviceTopicNames(service: string) {
  return {
    events: `${service}.events`,
    commands: `${service}.commands`,
    /** Each command's outcome: the reply to its caller and the service's idempotency memory. */
    outcomes: `${service}.outcomes`,
    snapshots: `${service}.snapshots`,
  };
}

/** The declarations of one service's topics; a test suite declares its own service name. */
export function serviceTopics(service: string, partitions = SERVICE_PARTITIONS): TopicDeclaration[] {
  const names = serviceTopicNames(service);
  return [
    { name: names.events, partitions, configs: eventLog },
    { name: names.commands, partitions, configs: commandLog },
    // outcomes are kept as long as commands can still be retried: that is the idempotency window
    { name: names.outcomes, partitions, configs: commandLog },
    { name: names.snapshots, partitions, configs: snapshotLog },
  ];
}

/**
 * Records a consumer could not handle (undecodable, invalid, out of order, or a fold that threw),
 * with the reason and where each came from, and the later records of the same key held behind
 * them. Keyed like the source, with the same partition count, so a key's dead letters land on the
 * partition number its events have. Kept until someone decides: a dead letter is evidence.
 */
export const DEAD_LETTER_TOPIC = 'dead-letters';

export function deadLetterTopic(partitions = SERVICE_PARTITIONS): TopicDeclaration {
  return { name: DEAD_LETTER_TOPIC, partitions, configs: eventLog };
}

export const topics: readonly TopicDeclaration[] = [
  ...serviceTopics('orders'),
  ...serviceTopics('payments'),
  ...serviceTopics('shipments'),
  deadLetterTopic(),
];
