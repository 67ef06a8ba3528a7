import type { TopicDeclaration } from '@rewind/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, ConfigResourceTypes, type Admin } from 'kafkajs';
import { DevStackError } from './errors';

export interface ProvisionReport {
  readonly created: string[];
  readonly reconfigured: string[];
  readonly unchanged: string[];
}

/**
 * Makes the cluster hold exactly the declared topics: missing ones are created, drifted configs
 * are set back. A partition count that differs is refused rather than changed, because adding
 * partitions moves aggregates to other partitions and breaks per-aggregate order.
 */
export async function provisionTopics(brokers: string, declarations: readonly TopicDeclaration[]): Promise<ProvisionReport> {
  // kafkajs logs every retried "not the leader yet" as an error; failures surface as exceptions here
  const admin = new Kafka({ clientId: 'rewind-provision', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { brokers: nodes } = await admin.describeCluster();
    // three copies where the cluster has three brokers; one on the single-node dev stack
    const replicationFactor = Math.min(3, nodes.length);
    const existing = new Set(await admin.listTopics());
    const missing = declarations.filter((topic) => !existing.has(topic.name));
    const present = declarations.filter((topic) => existing.has(topic.name));

    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false, // kafkajs gives up if metadata lags the creation; waited for below
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor,
          configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      await waitForLeaders(admin, missing);
    }

    const reconfigured: string[] = [];
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
      for (const topic of present) {
        const actual = metadata.topics.find((t) => t.name === topic.name)?.partitions.length;
        if (actual !== topic.partitions) {
          throw new DevStackError(
            `topic ${topic.name} has ${actual} partitions, but ${topic.partitions} are declared`,
            'partition counts are never changed in place: it would move aggregates between partitions; delete and re-create the topic on a dev stack',
          );
        }
      }
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name, configNames: Object.keys(topic.configs) })),
      });
      const drifted = present.filter((topic) => {
        const entries = described.resources.find((r) => r.resourceName === topic.name)?.configEntries ?? [];
        return Object.entries(topic.configs).some(([name, value]) => entries.find((e) => e.configName === name)?.configValue !== value);
      });
      if (drifted.length > 0) {
        await admin.alterConfigs({
          validateOnly: false,
          resources: drifted.map((topic) => ({
            type: ConfigResourceTypes.TOPIC,
            name: topic.name,
            configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
          })),
        });
        reconfigured.push(...drifted.map((topic) => topic.name));
      }
    }

    return {
      created: missing.map((topic) => topic.name),
      reconfigured,
      unchanged: present.map((topic) => topic.name).filter((name) => !reconfigured.includes(name)),
    };
  } finally {
    await admin.disconnect();
  }
}

/** Until every partition of the new topics has a leader that answers: only then can clients use them. */
async function waitForLeaders(admin: Admin, created: readonly TopicDeclaration[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: created.map((topic) => topic.name) });
      const ready = created.every((declared) => {
        const partitions = topics.find((t) => t.name === declared.name)?.partitions ?? [];
        return partitions.length === declared.partitions && partitions.every((p) => p.leader >= 0);
      });
      // a leader named in metadata may still refuse requests for a moment: ask it for offsets
      if (ready && (await Promise.all(created.map((topic) => admin.fetchTopicOffsets(topic.name))))) return;
    } catch (error) {
      // metadata may not know a topic, nor a leader its partition, for a moment after creation
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new DevStackError(`topics ${created.map((t) => t.name).join(', ')} have no leaders after 30 s`);
    await sleep(100);
  }
}
