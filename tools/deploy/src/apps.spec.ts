import { configProblems, deployableApps } from './apps';

describe('deployable apps', () => {
  const apps = deployableApps();

  it('are the projects under apps/ with a serve target, each with its settings schema', () => {
    expect(apps.map((app) => app.name)).toEqual(['order-service', 'payment-service', 'projector', 'query-api', 'shipping-service']);
  });

  it('name a required setting that an environment leaves out, and a value the app would refuse', () => {
    const projector = apps.find((app) => app.name === 'projector')!;
    expect(configProblems(projector, { KAFKA_BROKERS: 'kafka:9092', MONGODB_URI: 'mongodb://mongo:27017' })).toEqual([]);
    expect(configProblems(projector, { KAFKA_BROKERS: 'kafka:9092' })).toEqual([expect.stringMatching(/^projector: MONGODB_URI: /)]);
    expect(configProblems(projector, { KAFKA_BROKERS: 'kafka', MONGODB_URI: 'mongodb://mongo:27017' })).toEqual([
      'projector: KAFKA_BROKERS: expected host:port[,host:port…]',
    ]);
  });
});
