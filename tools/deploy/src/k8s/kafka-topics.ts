import type { TopicDeclaration } from '@rewind/contracts';
import { stringify } from 'yaml';

/** The Strimzi cluster the manifests deploy (k8s/base/kafka/kafka.yaml). */
export const KAFKA_CLUSTER = 'rewind';

/** Where the generated `KafkaTopic` resources live. */
export const TOPICS_FILE = 'k8s/base/kafka/topics.yaml';

/**
 * One `KafkaTopic` per declared topic, with its partitions and configs exactly as declared.
 * Replication is the cluster's business: three here, and an overlay may change it.
 */
export function kafkaTopicResources(topics: readonly TopicDeclaration[], replicas = 3) {
  return topics.map((topic) => ({
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name: topic.name, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER } },
    spec: { topicName: topic.name, partitions: topic.partitions, replicas, config: { ...topic.configs } },
  }));
}

/** The text of k8s/base/kafka/topics.yaml. */
export function topicsYaml(topics: readonly TopicDeclaration[]): string {
  const header = [
    '# Generated from the one topic declaration, libs/contracts/src/topics.ts: do not edit.',
    '# Regenerate with `npm run deploy:generate`; `npm test` fails while this file is stale.',
  ].join('\n');
  return `${header}\n${kafkaTopicResources(topics).map((resource) => `---\n${stringify(resource)}`).join('')}`;
}
