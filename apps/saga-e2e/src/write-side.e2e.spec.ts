import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_TOPIC, deadLetterTopic, orderCommands, serviceTopicNames, serviceTopics, type OrderCommand, type PlaceOrder } from '@rewind/contracts';
import { TopicCommandClient } from '@rewind/event-store';
import { auditEventLog, createTestTopics, freePort, http, readTopicToEnd, ServiceProcess, testAuthEnv, testKafka, testServers, uniqueName } from '@rewind/testing';
import type { Kafka } from 'kafkajs';

// The order service's write side as a user meets it: over HTTP, the service a real process, and
// its topics touched only as retention or an operator would touch them. The order service runs
// alone (nothing reacts to its orders), on a topic namespace of this suite's own.
const address = { name: 'Grace Hopper', line1: 'Broadway 1', city: 'New York', postalCode: '10004', country: 'US' };
const order = (quantity: number) => ({
  customerId: 'cus_write_side',
  currency: 'EUR',
  lines: [{ sku: 'MUG-ESPRESSO', quantity, unitPriceCents: 1250 }],
  shippingAddress: address,
  paymentToken: 'tok_visa',
});

interface Readiness {
  readonly status: string;
  readonly checks: Record<string, boolean>;
  readonly partitions: number[];
  readonly loading: number[];
}

describe('the write side of the order service, over HTTP', () => {
  const namespace = `${uniqueName('e2e-write')}.`;
  const topics = serviceTopicNames(`${namespace}orders`);
  const logDir = join(__dirname, '..', '..', '..', 'tmp', 'e2e-logs', namespace.slice(0, -1));
  const logFile = join(logDir, 'order-service.log');
  let kafka: Kafka;
  let orders: ServiceProcess;

  beforeAll(async () => {
    kafka = testKafka(uniqueName('e2e-write'));
    // the topics it writes, and those it reacts to (empty here)
    await createTestTopics([
      ...['orders', 'payments', 'shipments'].flatMap((service) => serviceTopics(`${namespace}${service}`)),
      { ...deadLetterTopic(), name: `${namespace}${DEAD_LETTER_TOPIC}` },
    ]);
    mkdirSync(logDir, { recursive: true });
    // a disk kept across its restart, as a StatefulSet's: the restart after retention loads through its stores
    const STATE_DIR = join(logDir, 'state');
    // it trusts the test issuer, whose tokens http() sends
    const env = {
      ...(await testAuthEnv()),
      KAFKA_BROKERS: testServers().kafkaBrokers,
      TOPIC_NAMESPACE: namespace,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      COMMAND_TIMEOUT_MS: '15000',
      LOG_LEVEL: 'info',
      STATE_DIR,
    };
    orders = new ServiceProcess('order-service', await freePort(), env, logFile);
    await orders.start();
  });
  afterAll(() => orders?.stop());

  const place = (body: object, key: string) => http<Record<string, unknown>>(orders.url('/orders'), { body, headers: { 'Idempotency-Key': key } });
  const eventsOf = async (orderId: string) => {
    const log = auditEventLog(await readTopicToEnd(kafka, topics.events));
    expect(log.problems).toEqual([]);
    return log.events.filter((event) => event.aggregateId === orderId);
  };

  it('answers an Idempotency-Key sent again with another order 422 idempotency_key_reused, and places nothing for it', async () => {
    const key = uniqueName('place');
    const first = await place(order(1), key);
    expect(first.status).toBe(201);
    const orderId = String(first.body['orderId']);
    // a retry of the same request: the same answer
    expect(await place(order(1), key)).toMatchObject({ status: 201, body: { orderId, version: 1 } });

    const reused = await place(order(2), key);
    expect({ status: reused.status, type: reused.headers.get('content-type'), body: reused.body }).toMatchObject({
      status: 422,
      type: expect.stringContaining('application/problem+json'),
      body: { code: 'idempotency_key_reused', errors: [{ field: 'Idempotency-Key' }] },
    });
    expect((await eventsOf(orderId)).map((event) => (event.data as { lines: { quantity: number }[] }).lines[0]?.quantity)).toEqual([1]);
  });

  it('decides commands again after retention emptied orders.outcomes and orders.commands, and is ready only once its partitions are loaded', async () => {
    const placed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await place(order(1), uniqueName(`before-${i}`));
      expect(answer.status).toBe(201);
      placed.push(String(answer.body['orderId']));
    }
    // HTTP commands go straight to their owner; the commands topic carries what other producers
    // send (the saga's reactions): a few orders placed that way, for retention to have something to remove
    const client = new TopicCommandClient<OrderCommand>({ kafka, service: `${namespace}orders`, commands: orderCommands, timeoutMs: 30_000 });
    await client.start();
    try {
      for (let i = 0; i < 6; i++) {
        const commandId = randomUUID();
        const command: PlaceOrder = { commandId, type: 'PlaceOrder', aggregateId: randomUUID(), issuedAt: new Date().toISOString(), correlationId: commandId, causationId: commandId, data: order(1) };
        expect(await client.send(command)).toMatchObject({ status: 'accepted', version: 1 });
      }
    } finally {
      await client.stop();
    }
    await orders.stop(); // SIGTERM: a graceful stop

    // what a quiet partition's 7-day retention does, here with the admin API's delete-records
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of [topics.outcomes, topics.commands]) {
        await admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = (await admin.fetchTopicOffsets(topic)).map(({ partition }) => ({ partition, offset: '-1' }));
        await admin.deleteTopicRecords({ topic, partitions });
        const offsets = await admin.fetchTopicOffsets(topic);
        expect(offsets.every(({ low, high }) => low === high)).toBe(true);
        expect(offsets.filter(({ low }) => low !== '0').length).toBeGreaterThan(0);
      }
    } finally {
      await admin.disconnect();
    }

    const logBefore = readFileSync(logFile, 'utf8').length;
    await orders.start(); // returns once /health/ready answers 200
    const readiness = await http<Readiness>(orders.url('/health/ready'));
    expect(readiness).toMatchObject({ status: 200, body: { status: 'ok', checks: { partitionsLoaded: true }, partitions: [0, 1, 2, 3, 4, 5], loading: [] } });
    // ready meant loaded: every partition it owns was loaded before any command of it arrived
    const loads = readFileSync(logFile, 'utf8')
      .slice(logBefore)
      .split('\n')
      .filter((line) => line.includes('"partition loaded"'))
      .map((line) => JSON.parse(line) as { partition: number; source: string });
    expect([...new Set(loads.map((load) => load.partition))].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // from the disk it kept: each store's checkpoint lay within the events, and past the outcomes' new start
    expect(new Set(loads.map((load) => load.source))).toEqual(new Set(['store']));

    // new orders are placed, and the orders from before go on from their history
    for (let i = 0; i < 6; i++) expect((await place(order(1), uniqueName(`after-${i}`))).status).toBe(201);
    const cancel = await http(orders.url(`/orders/${placed[0]}/cancel`), { body: { reason: 'customer_request' }, headers: { 'If-Match': '1' } });
    expect(cancel).toMatchObject({ status: 200, body: { orderId: placed[0], version: 2 } });
    expect(readFileSync(logFile, 'utf8').slice(logBefore)).not.toContain('partition read stalled');
  });
});
