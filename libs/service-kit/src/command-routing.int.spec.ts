import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { serviceTopics } from '@rewind/contracts';
import { auditEventLog, createTestTopics, readTopicToEnd, testKafka, uniqueName } from '@rewind/testing';
import { startCounterService } from './testing/counter-service';

// Two instances of a service booted as the apps boot, on one namespace: a request to either is
// decided by the owner of its aggregate's partition, forwarded over the internal endpoint when that
// is the other instance. Run once with the instances' own credentials (no INTERNAL_TOKEN: each
// publishes its own in the group), once with a shared INTERNAL_TOKEN.
describe.each([
  ['each instance with a credential of its own', undefined],
  ['a shared INTERNAL_TOKEN', randomBytes(32).toString('hex')],
])('two instances of a service, %s', (_name, internalToken) => {
  const namespace = `${uniqueName('routing')}.`;
  const kafka = testKafka(uniqueName('routing'));
  const apps: INestApplication[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    await createTestTopics(serviceTopics(`${namespace}counters`, 6));
    for (let i = 0; i < 2; i++) {
      const { app, base } = await startCounterService(namespace, internalToken === undefined ? {} : { internalToken });
      apps.push(app);
      bases.push(base);
    }
    // until each owns some partitions and both are ready
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
      const ready = await Promise.all(bases.map(async (base) => (await fetch(`${base}/health/ready`)).json() as Promise<{ status: string; partitions: number[] }>));
      if (ready.every((answer) => answer.status === 'ok' && answer.partitions.length === 3)) return;
    }
    throw new Error('the two instances never shared the partitions');
  });
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  const post = async (base: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  it('decides what either instance is sent, forwarding to the other what it owns; each reads and looks up every counter', async () => {
    const ids = Array.from({ length: 12 }, () => uniqueName('counter'));
    const answers = await Promise.all(ids.flatMap((id, i) => [1, 2].map((amount) => post(bases[(i + amount) % 2]!, `/counters/${id}/add`, { amount }, { 'Idempotency-Key': `${id}-${amount}` }))));
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);

    const log = auditEventLog(await readTopicToEnd(kafka, `${namespace}counters.events`));
    expect(log.problems).toEqual([]);
    for (const id of ids) expect(log.byAggregate.get(id)?.map((event) => event.aggregateVersion)).toEqual([1, 2]);
    for (const base of bases) {
      for (const id of ids.slice(0, 4)) {
        const read = await fetch(`${base}/counters/${id}`);
        expect({ status: read.status, etag: read.headers.get('etag'), body: await read.json() }).toEqual({ status: 200, etag: '"2"', body: { id, version: 2, state: { total: 3 } } });
        const status = await fetch(`${base}/counters/${id}/commands/${id}-1`);
        expect({ status: status.status, body: await status.json() }).toMatchObject({ status: 200, body: { status: 'accepted', commandId: `${id}-1` } });
      }
    }
  });

  it('keeps its internal endpoint to its own instances: 401 without the credential, and it is not in the OpenAPI document', async () => {
    const refused = await post(bases[0]!, '/internal/commands', { kind: 'read', aggregateId: 'x', timeoutMs: 1000 });
    expect(refused).toMatchObject({
      status: 401,
      type: expect.stringContaining('application/problem+json'),
      body: { type: 'https://rewind.dev/problems/internal-credential-required', status: 401 },
    });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="rewind-internal"');
    expect((await post(bases[0]!, '/internal/commands', {}, { authorization: 'Bearer guess' })).status).toBe(401);
    const document = (await (await fetch(`${bases[0]}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/internal'))).toEqual([]);
  });
});
