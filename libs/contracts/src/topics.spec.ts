import { SERVICE_PARTITIONS, topics } from './topics';

describe('topic declarations', () => {
  it('declares each topic once', () => {
    const names = topics.map((topic) => topic.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('co-partitions every commands topic with its events topic', () => {
    for (const service of ['orders', 'payments', 'shipments']) {
      const events = topics.find((topic) => topic.name === `${service}.events`);
      const commands = topics.find((topic) => topic.name === `${service}.commands`);
      expect(events?.partitions).toBe(SERVICE_PARTITIONS);
      expect(commands?.partitions).toBe(events?.partitions);
    }
  });

  it('keeps events forever', () => {
    for (const topic of topics.filter((t) => t.name.endsWith('.events'))) {
      expect(topic.configs).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
    }
  });
});
