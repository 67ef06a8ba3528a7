import { Registry } from 'prom-client';
import { HealthController } from './health.module';
import { serviceReadiness, type ServiceRuntime } from './service-metrics';

describe('readiness', () => {
  /** What /health/ready answers for a command processor that owns `partitions` and has not loaded `unloaded`. */
  async function ready(owning: { partitions: number[]; unloaded: number[]; joined?: boolean } | undefined, kafka = true) {
    const processor = owning && { ...owning, member: owning.joined === false ? undefined : { memberId: 'm', partitions: owning.partitions } };
    const runtime = {
      admin: { describeCluster: async () => (kafka ? {} : Promise.reject(new Error('no broker'))) },
      transport: { commandProcessor: processor },
    } as unknown as ServiceRuntime;
    const sent: { status?: number; body?: unknown } = {};
    const response = { status: (status: number) => ((sent.status = status), response) };
    sent.body = await new HealthController({ ready: () => serviceReadiness(runtime), registry: new Registry() }).ready(response as never);
    return sent;
  }

  it('is not ready while a partition it owns is not loaded, and names it', async () => {
    expect(await ready({ partitions: [0, 1, 2], unloaded: [1] })).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { kafka: true, commandProcessor: true, partitionsLoaded: false }, partitions: [0, 1, 2], loading: [1] },
    });
  });

  it('is ready once every partition it owns is loaded, and with none owned', async () => {
    expect(await ready({ partitions: [0, 1, 2], unloaded: [] })).toMatchObject({ status: 200, body: { status: 'ok', loading: [] } });
    expect(await ready({ partitions: [], unloaded: [] })).toMatchObject({ status: 200 });
  });

  it('is not ready before the command processor runs or has joined its group, or when Kafka does not answer', async () => {
    expect(await ready(undefined)).toMatchObject({ status: 503, body: { checks: { commandProcessor: false, partitionsLoaded: false } } });
    // the HTTP server listens before the processor joins: it owns nothing yet, which is not "nothing to load"
    expect(await ready({ partitions: [], unloaded: [], joined: false })).toMatchObject({ status: 503, body: { checks: { commandProcessor: false, partitionsLoaded: false } } });
    expect(await ready({ partitions: [0], unloaded: [] }, false)).toMatchObject({ status: 503, body: { checks: { kafka: false } } });
  });
});

describe('liveness', () => {
  it('answers in the shape of readiness, with no condition of its own', () => {
    expect(new HealthController({ ready: async () => ({ checks: {} }), registry: new Registry() }).live()).toEqual({ status: 'ok', checks: {} });
  });
});
