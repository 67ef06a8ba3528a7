import { topics, type TopicDeclaration } from '@rewind/contracts';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { readDevStackEnv } from './env';
import { DevStackError } from './errors';
import { provisionTopics } from './provision';

// @rewind/testing builds on this library, so this suite uses kafkajs directly instead.
const uniqueName = (prefix: string) => `${prefix}-${randomUUID()}`;

describe('provisionTopics', () => {
  let admin: Admin;
  const brokers = () => readDevStackEnv().external?.kafkaBrokers ?? '';

  beforeAll(async () => {
    admin = new Kafka({ clientId: 'provision-it', brokers: brokers().split(','), logLevel: logLevel.ERROR }).admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  const retentionOf = async (topic: string) => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    return described.resources[0]?.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue;
  };

  it('has created every declared topic with its partitions before the tests ran', async () => {
    const metadata = await admin.fetchTopicMetadata({ topics: topics.map((topic) => topic.name) });
    for (const declared of topics) {
      expect({ name: declared.name, partitions: metadata.topics.find((t) => t.name === declared.name)?.partitions.length }).toEqual({
        name: declared.name,
        partitions: declared.partitions,
      });
    }
  });

  it('creates a missing topic, leaves it alone the second time, and sets drifted configs back', async () => {
    const declaration: TopicDeclaration = { name: uniqueName('provision-it'), partitions: 3, configs: { 'retention.ms': '-1', 'cleanup.policy': 'delete' } };

    expect(await provisionTopics(brokers(), [declaration])).toEqual({ created: [declaration.name], reconfigured: [], unchanged: [] });
    expect((await admin.fetchTopicMetadata({ topics: [declaration.name] })).topics[0]?.partitions).toHaveLength(3);
    expect(await retentionOf(declaration.name)).toBe('-1');

    expect(await provisionTopics(brokers(), [declaration])).toEqual({ created: [], reconfigured: [], unchanged: [declaration.name] });

    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: declaration.name, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });
    expect(await provisionTopics(brokers(), [declaration])).toEqual({ created: [], reconfigured: [declaration.name], unchanged: [] });
    expect(await retentionOf(declaration.name)).toBe('-1');
  });

  it('refuses to change the partition count of an existing topic', async () => {
    const declaration: TopicDeclaration = { name: uniqueName('provision-it'), partitions: 2, configs: {} };
    await provisionTopics(brokers(), [declaration]);

    const refused = provisionTopics(brokers(), [{ ...declaration, partitions: 4 }]);
    await expect(refused).rejects.toThrow(DevStackError);
    await expect(refused).rejects.toThrow(`topic ${declaration.name} has 2 partitions, but 4 are declared`);
  });
});
