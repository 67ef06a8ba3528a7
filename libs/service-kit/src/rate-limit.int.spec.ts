import type { INestApplication } from '@nestjs/common';
import { serviceTopics } from '@rewind/contracts';
import { auditEventLog, bearer, createTestTopics, readTopicToEnd, testKafka, uniqueName } from '@rewind/testing';
import { startCounterService } from './testing/counter-service';

// Per-client rate limits at the HTTP edge (docs/security.md): a client is its token's subject once
// the token verifies, else its address. A burst past the limit is answered 429 problem+json with
// Retry-After, and the commands refused append nothing.
describe('rate limits per client, through a service booted by startService', () => {
  const namespace = `${uniqueName('limits')}.`;
  const kafka = testKafka(uniqueName('limits'));
  const LIMIT = 5;
  let app: INestApplication;
  let base = '';

  beforeAll(async () => {
    await createTestTopics(serviceTopics(`${namespace}counters`, 3));
    // a window far longer than the test: the count cannot start over in the middle of the burst
    ({ app, base } = await startCounterService(namespace, { httpEnv: { RATE_LIMIT_REQUESTS: String(LIMIT), RATE_LIMIT_WINDOW_S: '3600' } }));
  });
  afterAll(() => app?.close());

  const add = async (id: string, authorization: Record<string, string>) => {
    const response = await fetch(`${base}/counters/${id}/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': uniqueName('burst'), ...authorization },
      body: JSON.stringify({ amount: 1 }),
    });
    return { status: response.status, type: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
  };

  it('answers a burst past the limit with 429 problem+json and Retry-After, and appends nothing for it', async () => {
    const id = uniqueName('counter');
    const burster = await bearer('operator', uniqueName('burster'));
    const answers = [];
    for (let sent = 0; sent < LIMIT + 3; sent += 1) answers.push(await add(id, burster));

    expect(answers.map((answer) => answer.status)).toEqual([...Array<number>(LIMIT).fill(200), 429, 429, 429]);
    const refused = answers[LIMIT];
    expect(refused).toMatchObject({
      type: expect.stringContaining('application/problem+json'),
      retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      body: { type: 'https://rewind.dev/problems/too-many-requests', status: 429, detail: expect.stringContaining(`${LIMIT} requests`) },
    });
    const log = auditEventLog(await readTopicToEnd(kafka, `${namespace}counters.events`));
    expect(log.problems).toEqual([]);
    expect(log.events.filter((event) => event.aggregateId === id)).toHaveLength(LIMIT);
  });

  it('counts each subject on its own: another caller is not held back by the first one’s burst', async () => {
    expect((await add(uniqueName('counter'), await bearer('operator', uniqueName('calm')))).status).toBe(200);
  });

  it('counts callers without a valid token by their address, and still answers them 401 under the limit', async () => {
    const answers = [];
    for (let sent = 0; sent < LIMIT + 1; sent += 1) answers.push((await add(uniqueName('counter'), { authorization: 'Bearer not-a-token' })).status);
    expect(answers).toEqual([...Array<number>(LIMIT).fill(401), 429]);
  });

  it('never limits the health checks, which the orchestrator calls as often as it likes', async () => {
    const statuses = [];
    for (let sent = 0; sent < LIMIT + 2; sent += 1) statuses.push((await fetch(`${base}/health/live`)).status);
    expect(statuses).toEqual(Array<number>(LIMIT + 2).fill(200));
  });
});
