import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_TOPIC, orderEvents, type OrderEvent } from '@rewind/contracts';
import { eventually, http, readTopicToEnd, type Saga, startSaga, testKafka, uniqueName } from '@rewind/testing';
import type { Admin, Kafka } from 'kafkajs';
import { ProjectionsCli } from './projections-cli';
import { sagaGroups, settled } from './read-models';

// Records no service wrote, put straight into a service's events topic: every consumer of that
// topic (the reactions of the other services, the projections) must give up on exactly these,
// each with its reason, hold what comes later for their keys, and let every other order through.
const address = { name: 'Ada Lovelace', line1: 'Invalidenstraße 117', city: 'Berlin', postalCode: '10115', country: 'DE' };

describe('poison records in an events topic', () => {
  let saga: Saga;
  let kafka: Kafka;
  let admin: Admin;
  beforeAll(async () => {
    saga = await startSaga();
    kafka = testKafka(uniqueName('poison'));
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await ProjectionsCli.killAll();
    await admin?.disconnect();
    await saga?.stop();
  });

  const event = (aggregateId: string, aggregateVersion: number, type: OrderEvent['type'], data: object) =>
    orderEvents.encode({
      eventId: randomUUID(),
      type,
      schemaVersion: type === 'OrderPlaced' ? 2 : 1,
      aggregateId,
      aggregateVersion,
      occurredAt: new Date().toISOString(),
      commandId: `poison-${randomUUID()}`,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      data,
    } as OrderEvent);

  it('dead-letters exactly the poison records for each consumer, holds their keys, and lets other orders flow', async () => {
    const [garbage, unknownType, invalid, gap] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const topic = `${saga.namespace}orders.events`;
    const poison: { key: string; value: string | Buffer; reason: RegExp; projectionsOnly?: boolean }[] = [
      { key: garbage, value: Buffer.from([0xde, 0xad, 0xbe, 0xef]), reason: /^undecodable: / },
      { key: unknownType, value: JSON.stringify({ ...JSON.parse(event(unknownType, 1, 'OrderDelivered', { shipmentId: 's' })), type: 'OrderTeleported' }), reason: /^undecodable: .*OrderTeleported/ },
      { key: invalid, value: JSON.stringify({ ...JSON.parse(event(invalid, 1, 'OrderDelivered', { shipmentId: 's' })), data: { shipmentId: 42 } }), reason: /^undecodable: data\.shipmentId/ },
      // valid, but after a gap: no reaction acts on OrderDelivered, the projections must refuse it
      { key: gap, value: event(gap, 3, 'OrderDelivered', { shipmentId: 's' }), reason: /^version gap: /, projectionsOnly: true },
    ];
    // a well-formed order placed under the garbage record's key, after it: it must be held, not paid
    const held = {
      key: garbage,
      value: event(garbage, 1, 'OrderPlaced', {
        customerId: 'cus_poison',
        currency: 'EUR',
        lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 100 }],
        totalCents: 100,
        shippingAddress: address,
        paymentToken: 'tok_visa',
      }),
    };
    const producer = kafka.producer();
    await producer.connect();
    const [written] = await producer.send({ topic, messages: [...poison, held].map(({ key, value }) => ({ key, value })) });
    await producer.disconnect();
    expect(written?.errorCode).toBe(0);

    // an order placed afterwards goes all the way through
    const placed = await http<{ orderId: string }>(saga.orders.url('/orders'), {
      body: { customerId: 'cus_e2e', currency: 'EUR', lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }], shippingAddress: address, paymentToken: 'tok_visa' },
    });
    expect([201, 202]).toContain(placed.status); // 202: accepted, its outcome not known within the command timeout
    await eventually(() => http<{ status: string }>(saga.query.url(`/orders/${placed.body.orderId}`)), (answer) => answer.body.status === 'confirmed');
    await settled(admin, sagaGroups(saga.namespace, { orders: 1, order_timeline: 1, payments: 1, shipments: 1 }));

    const consumers = sagaGroups(saga.namespace, { orders: 1, order_timeline: 1, payments: 1, shipments: 1 })
      .filter((group) => group.topic === topic)
      .map((group) => group.groupId);
    const letters = (await readTopicToEnd(kafka, `${saga.namespace}${DEAD_LETTER_TOPIC}`)).map(({ key, headers }) => ({
      consumer: headers['rewind-dead-letter-consumer'],
      key,
      reason: headers['rewind-dead-letter-reason'],
      topic: headers['rewind-dead-letter-topic'],
    }));
    const expected = consumers.flatMap((consumer) => [
      ...poison.filter((record) => !record.projectionsOnly || consumer.includes('projection.')).map((record) => ({ consumer, key: record.key, reason: expect.stringMatching(record.reason), topic })),
      { consumer, key: garbage, reason: expect.stringMatching(/^held behind .*orders\.events\/\d+@\d+$/), topic },
    ]);
    const order = (a: { consumer?: string; key: string | null; reason?: unknown }) => `${a.consumer}|${a.key}|${String(a.reason).startsWith('held') ? 1 : 0}`;
    expect(consumers).toHaveLength(4); // the payment and shipping reactions, the orders view and the timeline
    expect([...letters].sort((a, b) => order(a).localeCompare(order(b)))).toEqual([...expected].sort((a, b) => order(a).localeCompare(order(b))));

    // held, not acted on: no payment for the order placed behind the garbage, no view of it
    expect((await http(saga.payments.url(`/payments/${placed.body.orderId}`))).status).toBe(200);
    expect((await http(saga.payments.url(`/payments/${garbage}`))).status).toBe(404);
    expect((await http(saga.query.url(`/orders/${garbage}`))).status).toBe(404);

    // the operator's CLI lists a consumer's letters of a key; a replay without a fix fails again,
    // and the order placed behind the garbage stays held
    const paymentReactions = `${saga.namespace}payments.reactions`;
    expect(consumers).toContain(paymentReactions);
    const listed = await ProjectionsCli.run(saga, ['dead-letters', 'list', '--consumer', paymentReactions, '--key', garbage, '--json']);
    expect(listed.code).toBe(0);
    const reasons = (printed: string) => (JSON.parse(printed) as { reason: string; replayRequested: boolean }[]).map(({ reason, replayRequested }) => ({ reason, replayRequested }));
    expect(reasons(listed.stdout)).toEqual([
      { reason: expect.stringMatching(/^undecodable: /), replayRequested: false },
      { reason: expect.stringMatching(/^held behind /), replayRequested: false },
    ]);
    const replayed = await ProjectionsCli.run(saga, ['dead-letters', 'replay', '--consumer', paymentReactions, '--key', garbage, '--wait']);
    expect({ code: replayed.code, printed: replayed.printed }).toEqual({ code: 1, printed: expect.stringMatching(/replay requested: .*\n.*failed again: .*undecodable: .*\n0 of 1 key released\n$/s) });
    expect(reasons((await ProjectionsCli.run(saga, ['dead-letters', 'list', '--consumer', paymentReactions, '--key', garbage, '--json'])).stdout)).toEqual(reasons(listed.stdout));
    expect((await http(saga.payments.url(`/payments/${garbage}`))).status).toBe(404);
    const nothing = await ProjectionsCli.run(saga, ['dead-letters', 'replay', '--consumer', paymentReactions, '--key', placed.body.orderId]);
    expect({ code: nothing.code, printed: nothing.printed }).toEqual({ code: 1, printed: expect.stringContaining('holds no dead letters') });
  });
});
