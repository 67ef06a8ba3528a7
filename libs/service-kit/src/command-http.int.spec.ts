import type { INestApplication } from '@nestjs/common';
import { serviceTopics } from '@rewind/contracts';
import { auditEventLog, bearer, createTestTopics, readTopicToEnd, testKafka, uniqueName } from '@rewind/testing';
import { startCounterService } from './testing/counter-service';

describe('commands over HTTP, through a service booted by startService', () => {
  const namespace = `${uniqueName('http')}.`;
  const kafka = testKafka(uniqueName('http'));
  let app: INestApplication;
  let base = '';

  beforeAll(async () => {
    await createTestTopics(serviceTopics(`${namespace}counters`, 3));
    ({ app, base } = await startCounterService(namespace));
  });
  afterAll(() => app?.close());

  const post = async (path: string, body: unknown, key?: string) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await bearer('operator')), ...(key ? { 'Idempotency-Key': key } : {}) }, body: JSON.stringify(body) });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };
  const eventsOf = async (id: string) => {
    const log = auditEventLog(await readTopicToEnd(kafka, `${namespace}counters.events`));
    expect(log.problems).toEqual([]);
    return log.events.filter((event) => event.aggregateId === id);
  };

  it('answers a key sent again with the same request as before, and with another request 422 idempotency_key_reused, appending nothing', async () => {
    const id = uniqueName('counter');
    const key = uniqueName('key');
    expect(await post(`/counters/${id}/add`, { amount: 5 }, key)).toMatchObject({ status: 200, body: { id, version: 1 } });
    expect(await post(`/counters/${id}/add`, { amount: 5 }, key)).toMatchObject({ status: 200, body: { id, version: 1 } });

    const reused = await post(`/counters/${id}/add`, { amount: 6 }, key);
    expect(reused).toMatchObject({
      status: 422,
      type: expect.stringContaining('application/problem+json'),
      body: {
        type: 'https://rewind.dev/problems/idempotency-key-reused',
        status: 422,
        code: 'idempotency_key_reused',
        errors: [{ field: 'Idempotency-Key', message: expect.stringContaining('another request') }],
      },
    });
    // the key keeps its first answer, and the log holds the first request's event only
    expect(await post(`/counters/${id}/add`, { amount: 5 }, key)).toMatchObject({ status: 200, body: { version: 1 } });
    expect((await eventsOf(id)).map((event) => event.data)).toEqual([{ amount: 5 }]);
  });

  it('gives the events of two aggregates commanded under the same Idempotency-Key ids of their own', async () => {
    // a key is its client's: two clients (or one, on two resources) may well send the same one
    const key = uniqueName('shared-key');
    const [first, second] = [uniqueName('counter'), uniqueName('counter')];
    expect(await post(`/counters/${first}/add`, { amount: 1 }, key)).toMatchObject({ status: 200, body: { id: first, version: 1 } });
    expect(await post(`/counters/${second}/add`, { amount: 1 }, key)).toMatchObject({ status: 200, body: { id: second, version: 1 } });
    const ids = [...(await eventsOf(first)), ...(await eventsOf(second))].map((event) => event.eventId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('answers a command whose handler throws with a 500 problem naming it, decides the next one, and gives the same answer again', async () => {
    const id = uniqueName('counter');
    const key = uniqueName('buggy');
    const failed = await post(`/counters/${id}/add`, { amount: 13 }, key);
    expect(failed).toMatchObject({
      status: 500,
      type: expect.stringContaining('application/problem+json'),
      body: { type: 'https://rewind.dev/problems/command-failed', status: 500, commandId: key, detail: expect.stringContaining(key) },
    });
    // the partition goes on: the next command of the same aggregate is decided
    expect(await post(`/counters/${id}/add`, { amount: 2 })).toMatchObject({ status: 200, body: { version: 1 } });
    // the failure is the command's answer: sent again, or looked up, it is the same
    expect(await post(`/counters/${id}/add`, { amount: 13 }, key)).toMatchObject({ status: 500, body: { commandId: key } });
    const status = await fetch(`${base}/counters/${id}/commands/${key}`, { headers: await bearer('operator') });
    expect({ status: status.status, body: await status.json() }).toMatchObject({ status: 500, body: { commandId: key } });
    expect((await eventsOf(id)).map((event) => event.data)).toEqual([{ amount: 2 }]);
  });

  it('is ready once every partition it owns is loaded', async () => {
    const ready = await fetch(`${base}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { kafka: true, commandProcessor: true, partitionsLoaded: true }, partitions: [0, 1, 2], loading: [] },
    });
  });

  it('counts the Kafka requests it makes, and times them, by client and API, on /metrics', async () => {
    await post(`/counters/${uniqueName('counter')}/add`, { amount: 1 });
    const fetches = /^rewind_kafka_requests_total\{client="consumer",api="Fetch"\} \d+$/m;
    let metrics = '';
    // the commands consumer's first fetch is a long poll: counted once it is answered
    for (const deadline = Date.now() + 30_000; !fetches.test(metrics) && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
      metrics = await (await fetch(`${base}/metrics`)).text();
    }
    expect(metrics).toMatch(fetches);
    const endTxn = /^rewind_kafka_requests_total\{client="producer",api="EndTxn"\} (\d+)$/m.exec(metrics);
    expect(Number(endTxn?.[1])).toBeGreaterThan(0);
    // every request counted is timed: one observation each, and the time is not zero
    const timed = /^rewind_kafka_request_duration_seconds_count\{client="producer",api="EndTxn"\} (\d+)$/m.exec(metrics);
    const spent = /^rewind_kafka_request_duration_seconds_sum\{client="producer",api="EndTxn"\} (\S+)$/m.exec(metrics);
    expect(Number(timed?.[1])).toBe(Number(endTxn?.[1]));
    expect(Number(spent?.[1])).toBeGreaterThan(0);
  });
});
