import { Logger } from '@nestjs/common';
import { DEAD_LETTER_TOPIC, orderEvents, paymentCommands, type OrderEvent, type PaymentCommand } from '@rewind/contracts';
import { readDeadLetterLedger, requestReplay } from '@rewind/dead-letters';
import { createTestTopics, readTopicToEnd, testKafka, uniqueName } from '@rewind/testing';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { reactionCommand } from './event-store.transport';
import { SagaReactions } from './reactions';

const placed = (orderId: string, version: number, customerId: string) =>
  orderEvents.encode({
    eventId: randomUUID(),
    type: 'OrderPlaced',
    schemaVersion: 2,
    aggregateId: orderId,
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: {
      customerId,
      currency: 'EUR',
      lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 100 }],
      totalCents: 100,
      shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      paymentToken: 'tok_visa',
    },
  } as OrderEvent);

// Saga reactions against a real broker: a reaction that throws dead-letters its event and holds
// the key; after the fix, a replay issues the held events' commands, in order, and the key flows on.
describe('saga reactions, replaying dead letters after a fix', () => {
  const namespace = `${uniqueName('reactions')}.`;
  const kafka = testKafka(uniqueName('reactions'));
  const topics = { events: `${namespace}orders.events`, commands: `${namespace}payments.commands`, deadLetters: `${namespace}${DEAD_LETTER_TOPIC}` };
  let fixed = false;
  const reactions = new SagaReactions<PaymentCommand>({
    kafka,
    namespace,
    service: `${namespace}payments`,
    commandsTopic: topics.commands,
    commands: paymentCommands,
    reactions: new Map([
      [
        'orders.events',
        {
          codec: orderEvents,
          react: async (event) => {
            const order = event as OrderEvent;
            if (order.type !== 'OrderPlaced') return [];
            if (!fixed && order.data.customerId === 'cus_bug') throw new Error('the reaction has a bug');
            return [reactionCommand(order, { type: 'AuthorizePayment', aggregateId: order.aggregateId, data: { orderId: order.aggregateId, amountCents: 100, currency: 'EUR', token: 'tok_visa' } })];
          },
        },
      ],
    ]),
    sessionTimeoutMs: 6000,
    log: new Logger('reactions-it'),
  });

  const publish = async (records: [string, string][]) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.events, messages: records.map(([key, value]) => ({ key, value })) });
    await producer.disconnect();
  };
  const commandKeys = async () => (await readTopicToEnd(kafka, topics.commands)).map((record) => record.key);
  const until = async (condition: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) if (await condition()) return;
    throw new Error('gave up waiting');
  };

  beforeAll(async () => {
    await createTestTopics(Object.values(topics).map((name) => ({ name, partitions: 3, configs: {} })));
    await reactions.start();
  });
  afterAll(() => reactions.stop());

  it('holds the key behind the failed event, and after the fix replays both in order; the key then flows on', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      // the second event of ord_bug would be a duplicate placement: it is the held one, to see the order kept
      await publish([
        ['ord_bug', placed('ord_bug', 1, 'cus_bug')],
        ['ord_bug', placed('ord_bug', 2, 'cus_ok')],
        ['ord_ok', placed('ord_ok', 1, 'cus_ok')],
      ]);
      await until(async () => (await commandKeys()).includes('ord_ok'));
      const holds = async () => (await readDeadLetterLedger(kafka, admin, topics.deadLetters)).list({ consumer: `${namespace}payments.reactions` });
      await until(async () => (await holds()).length === 1 && (await holds())[0]?.letters.length === 2);
      expect((await holds())[0]?.letters.map((letter) => letter.reason)).toEqual(['reaction failed: the reaction has a bug', expect.stringMatching(/^held behind .*orders\.events\/\d+@\d+$/)]);
      expect(await commandKeys()).toEqual(['ord_ok']);

      fixed = true;
      await requestReplay(kafka, admin, topics.deadLetters, { consumer: `${namespace}payments.reactions`, key: 'ord_bug' });
      await until(async () => (await holds()).length === 0);
      await publish([['ord_bug', placed('ord_bug', 3, 'cus_ok')]]);
      await until(async () => (await commandKeys()).length === 4);
      const issued = (await readTopicToEnd(kafka, topics.commands)).filter((record) => record.key === 'ord_bug').map((record) => JSON.parse(record.value ?? '') as PaymentCommand);
      // one command per event, in the events' order: the replayed two, then the new one
      expect(new Set(issued.map((command) => command.commandId)).size).toBe(3);
      const events = (await readTopicToEnd(kafka, topics.events)).filter((record) => record.key === 'ord_bug').map((record) => (JSON.parse(record.value ?? '') as OrderEvent).eventId);
      expect(issued.map((command) => command.causationId)).toEqual(events);
    } finally {
      await admin.disconnect();
    }
  });
});

// A reaction batch that hangs (here the reaction itself; in the fault suite a call inside kafkajs)
// is seen by nothing else: past its deadline the service is told, to exit for its supervisor.
describe('saga reactions, a batch that hangs', () => {
  const namespace = `${uniqueName('reactions-hang')}.`;
  const kafka = testKafka(uniqueName('reactions-hang'));
  const topics = { events: `${namespace}orders.events`, commands: `${namespace}payments.commands`, deadLetters: `${namespace}${DEAD_LETTER_TOPIC}` };
  const losses: { groupId: string; reason: string }[] = [];
  let release: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => (release = resolve));
  const reactions = new SagaReactions<PaymentCommand>({
    kafka,
    namespace,
    service: `${namespace}payments`,
    commandsTopic: topics.commands,
    commands: paymentCommands,
    reactions: new Map([['orders.events', { codec: orderEvents, react: async () => (await hanging, []) }]]),
    sessionTimeoutMs: 6000,
    batchDeadlineMs: 3000,
    log: new Logger('reactions-hang-it'),
    onGroupLost: (loss) => losses.push(loss),
  });

  beforeAll(async () => {
    await createTestTopics(Object.values(topics).map((name) => ({ name, partitions: 1, configs: {} })));
    await reactions.start();
  });
  afterAll(async () => {
    release();
    await reactions.stop();
  });

  it('tells the service once the batch is past its deadline', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.events, messages: [{ key: 'ord_1', value: placed('ord_1', 1, 'cus_ok') }] });
    await producer.disconnect();
    for (const deadline = Date.now() + 60_000; losses.length === 0 && Date.now() < deadline; ) await sleep(100);
    expect(losses).toEqual([{ groupId: `${namespace}payments.reactions`, reason: `a batch of ${topics.events}/0 has not finished within 3000 ms` }]);
  });
});
