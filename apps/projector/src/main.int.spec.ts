import { DEAD_LETTER_TOPIC, deadLetterTopic, serviceTopicNames, serviceTopics } from '@rewind/contracts';
import { createTestTopics, freePort, testDatabase, testKafka, testServers, uniqueName, type TestDatabase } from '@rewind/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const workspaceRoot = join(__dirname, '..', '..', '..');
const MINUTES = 60_000;

/** The projector app as a real process, on a namespace and a database of the test's own. */
class ProjectorProcess {
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private output = '';

  constructor(env: Readonly<Record<string, string>>) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'projector', 'src', 'main.ts')], {
      cwd: workspaceRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Its JSON log lines. */
  get logged(): Record<string, unknown>[] {
    return this.output.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  get printed(): string {
    return this.output;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

describe('the projector app', () => {
  let database: TestDatabase;
  let namespace: string;
  let projector: ProjectorProcess | undefined;

  beforeEach(async () => {
    database = await testDatabase('projector-app');
    namespace = `${uniqueName('projector-app')}.`;
    await createTestTopics([...['orders', 'payments', 'shipments'].flatMap((service) => serviceTopics(`${namespace}${service}`)), { ...deadLetterTopic(), name: `${namespace}${DEAD_LETTER_TOPIC}` }]);
  });
  afterEach(async () => {
    await projector?.kill();
    await database.dispose();
  });

  it(
    'exits with status 1, naming the group, when kafkajs gives up on a consumer of a live projection',
    async () => {
      // a stored order the fold cannot read: every batch holding an event of it fails, kafkajs
      // restarts the consumer, and after a few restarts without progress it gives up on it
      const orderId = randomUUID();
      await database.db.collection<{ _id: string; model: object; applied: null }>('orders_g1').insertOne({ _id: orderId, model: {}, applied: null });
      const placed = {
        eventId: randomUUID(),
        type: 'OrderPlaced',
        schemaVersion: 2,
        aggregateId: orderId,
        aggregateVersion: 1,
        occurredAt: '2026-11-27T10:00:00.000Z',
        commandId: randomUUID(),
        correlationId: randomUUID(),
        causationId: randomUUID(),
        data: {
          customerId: 'cus_1',
          currency: 'EUR',
          lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }],
          shippingAddress: { name: 'Ada', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
          paymentToken: 'tok_visa',
          totalCents: 1250,
        },
      };
      const producer = testKafka(uniqueName('projector-app')).producer();
      await producer.connect();
      await producer.send({ topic: serviceTopicNames(`${namespace}orders`).events, messages: [{ key: orderId, value: JSON.stringify(placed) }] });
      await producer.disconnect();

      projector = new ProjectorProcess({
        KAFKA_BROKERS: testServers().kafkaBrokers,
        MONGODB_URI: testServers().mongoUri,
        MONGODB_DATABASE: database.db.databaseName,
        TOPIC_NAMESPACE: namespace,
        PORT: String(await freePort()),
        LOG_LEVEL: 'info',
      });
      // before the fix it went on, alive and idle for this projection, its liveness answering 200
      const code = await Promise.race([projector.exited, sleep(6 * MINUTES, 'still running', { ref: false })]);
      const group = `${namespace}projection.orders.g1`;
      const exiting = projector.logged.filter((line) => line['message'] === 'a projection consumer is out of its group for good; exiting so the projector is started afresh');
      expect({ code, exiting: exiting.map(({ groupId, projection, generation, reason }) => ({ groupId, projection, generation, reason })) }).toEqual({
        code: 1,
        exiting: [{ groupId: group, projection: 'orders', generation: 1, reason: expect.stringMatching(/^the consumer crashed and was not restarted: /) }],
      });
    },
    8 * MINUTES,
  );
});
