import { SERVICE_PARTITIONS, topics } from './topics';

describe('topic declarations', () => {
  it('declares each topic once', () => {
    const names = topics.map((topic) => topic.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('co-partitions every service topic with its events topic', () => {
    for (const service of ['orders', 'payments', 'shipments']) {
      const partitions = topics.filter((topic) => topic.name.startsWith(`${service}.`)).map((topic) => [topic.name, topic.partitions]);
      expect(partitions).toEqual(['events', 'commands', 'outcomes', 'snapshots'].map((kind) => [`${service}.${kind}`, SERVICE_PARTITIONS]));
    }
  });

  it('compacts snapshots and nothing else', () => {
    expect(topics.filter((topic) => topic.configs['cleanup.policy'] === 'compact').map((topic) => topic.name)).toEqual([
      'orders.snapshots',
      'payments.snapshots',
      'shipments.snapshots',
    ]);
  });

  it('keeps events forever', () => {
    for (const topic of topics.filter((t) => t.name.endsWith('.events'))) {
      expect(topic.configs).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
    }
  });
});
