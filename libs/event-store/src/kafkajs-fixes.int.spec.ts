import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestTopics, testKafka, testServers, uniqueName } from '@rewind/testing';
import type { Producer } from 'kafkajs';
import { countingRequests, type KafkaRequest } from './kafka-requests';
import { kafkajsLogCreator } from './kafkajs-fixes';

const workspaceRoot = join(__dirname, '..', '..', '..');

describe('kafkajs with the event store loaded, on a real broker', () => {
  const topic = uniqueName('fixes');
  const group = uniqueName('fixes-group');
  const requests: KafkaRequest[] = [];
  const kafka = countingRequests(testKafka(uniqueName('fixes'), { logCreator: kafkajsLogCreator }), (request) => requests.push(request));
  const errorsLogged: string[] = [];
  let producer: Producer;

  beforeAll(async () => {
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errorsLogged.push(line));
    await createTestTopics([{ name: topic, partitions: 1, configs: {} }]);
    producer = kafka.producer({ transactionalId: uniqueName('fixes-txn'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    jest.restoreAllMocks();
  });

  const asked = (api: string) => requests.filter((request) => request.api === api).length;

  it('asks for the transaction coordinator once, not before every transactional call', async () => {
    requests.length = 0;
    for (let round = 1; round <= 5; round++) {
      const transaction = await producer.transaction();
      await transaction.sendBatch({ topicMessages: [{ topic, messages: [{ key: 'k', value: `record ${round}`, partition: 0 }] }] });
      await transaction.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: String(round) }] }] });
      await transaction.commit();
    }
    // kafkajs alone asks four times a transaction: AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn
    expect(asked('EndTxn')).toBe(5);
    // FindCoordinator, by its old name: the transaction's coordinator and the group's, each once
    expect(asked('GroupCoordinator')).toBeLessThanOrEqual(2);
  });

  it('begins a transaction right after a commit without a metadata refresh, and sends offsets alone right after one too', async () => {
    requests.length = 0;
    // the broker answers CONCURRENT_TRANSACTIONS until the previous markers are written; kafkajs
    // alone refreshes its metadata for each, and fails sendOffsets outright
    for (let round = 1; round <= 20; round++) {
      const write = await producer.transaction();
      await write.send({ topic, messages: [{ key: 'k', value: `again ${round}`, partition: 0 }] });
      await write.commit();
      const offsets = await producer.transaction();
      await offsets.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: String(round) }] }] });
      await offsets.commit();
    }
    expect(asked('EndTxn')).toBe(40);
    expect(asked('Metadata')).toBe(0);
    // each CONCURRENT_TRANSACTIONS answer is expected and asked again: no error is logged for it
    expect(errorsLogged).toEqual([]);
  });

  it('starts no timer with a negative delay (Node 24 warns of each on stderr)', async () => {
    // a process of its own: Node warns once per process, and a test runner may have warned already
    const script = `
      require('./libs/event-store/src/index.ts');
      const { Kafka, logLevel } = require('kafkajs');
      const kafka = new Kafka({ clientId: 'fixes-warning', brokers: ${JSON.stringify(testServers().kafkaBrokers.split(','))}, logLevel: logLevel.NOTHING });
      (async () => {
        const producer = kafka.producer();
        await producer.connect();
        for (let i = 0; i < 5; i++) await producer.send({ topic: ${JSON.stringify(topic)}, messages: [{ value: 'warned?' }] });
        await producer.disconnect();
      })().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
    `;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: workspaceRoot });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining('TimeoutNegativeWarning') });
  });
});
