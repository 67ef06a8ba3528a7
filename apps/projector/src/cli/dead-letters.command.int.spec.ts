import { DEAD_LETTER_TOPIC, deadLetterTopic } from '@rewind/contracts';
import { DeadLetterQueue, readDeadLetterLedger } from '@rewind/dead-letters';
import { createTestTopics, testKafka, testServers, uniqueName } from '@rewind/testing';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { replayDeadLetters } from './dead-letters.command';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

/** `npm run dead-letters -- …` as a real process; killed if it has not ended within `ms`. */
async function runCli(env: Readonly<Record<string, string>>, args: readonly string[], ms: number): Promise<{ code: number | null | 'still running'; printed: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', 'projector', 'src', 'cli.ts'), ...args], { cwd: workspaceRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const code = await Promise.race([exited, sleep(ms, 'still running' as const, { ref: false })]);
  if (code === 'still running') {
    child.kill('SIGKILL');
    await exited;
  }
  return { code, printed };
}

describe('replaying dead letters of a consumer group with no member running', () => {
  let kafka: Kafka;
  let admin: Admin;
  let namespace: string;
  let topic: string;
  const consumers: Consumer[] = [];

  beforeEach(async () => {
    kafka = testKafka(uniqueName('replay-it'));
    admin = kafka.admin();
    await admin.connect();
    namespace = `${uniqueName('replay-it')}.`;
    topic = `${namespace}${DEAD_LETTER_TOPIC}`;
    await createTestTopics([{ ...deadLetterTopic(), name: topic }, { name: `${namespace}orders.events`, partitions: 1, configs: {} }]);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.disconnect()));
    await admin.disconnect();
  });

  /** A dead letter of one key, written for `group` as its consumer would. */
  const deadLetter = async (group: string, key: string) => {
    const queue = new DeadLetterQueue({ kafka, topic, consumer: group });
    await queue.start();
    await queue.ready();
    const letter = queue.deadLetter({ topic: `${namespace}orders.events`, partition: 0, offset: '7', key: Buffer.from(key), value: Buffer.from('{"type":"OrderTeleported"}') }, 'undecodable: unknown event type');
    await queue.write(letter ? [letter] : []);
    await queue.stop();
  };
  /** A member of `group` that never replays anything: it only keeps the group alive. */
  const member = async (group: string) => {
    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6_000 });
    consumers.push(consumer);
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic: `${namespace}orders.events` });
    await consumer.run({ eachMessage: async () => undefined });
    await joined;
    return consumer;
  };

  it('refuses: `replay --wait` exits 1 naming the group, and asks nothing', async () => {
    const group = `${namespace}projection.orders.g1`;
    await deadLetter(group, 'ord_1');
    const env = { KAFKA_BROKERS: testServers().kafkaBrokers, MONGODB_URI: testServers().mongoUri, TOPIC_NAMESPACE: namespace };
    // before the fix it asked, and waited for ever for a member that never came
    const replay = await runCli(env, ['dead-letters', 'replay', '--consumer', group, '--wait'], 60_000);
    expect(replay).toEqual({ code: 1, printed: expect.stringContaining(`no member of consumer group ${group} is running`) });
    expect((await readDeadLetterLedger(kafka, admin, topic)).list({ consumer: group }).map((hold) => [hold.key, hold.replayRequested])).toEqual([['ord_1', false]]);
  });

  it('stops waiting, exit 1 naming the group, once the group has had no member for a while; the request stands', async () => {
    const group = `${namespace}payments.reactions`;
    await deadLetter(group, 'ord_2');
    const running = await member(group);
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const replaying = replayDeadLetters({ kafka, admin, topic, out, stopRequested: new Promise(() => undefined), pollMs: 200, memberlessMs: 2_000 }, { consumer: group }, true);
    await sleep(500);
    await running.disconnect(); // its only member leaves before handling the request
    const code = await Promise.race([replaying, sleep(90_000, 'still waiting', { ref: false })]);
    expect({ code, printed }).toEqual({ code: 1, printed: expect.stringContaining(`replay requested: ${group} ord_2`) });
    expect((await readDeadLetterLedger(kafka, admin, topic)).list({ consumer: group }).map((hold) => [hold.key, hold.replayRequested])).toEqual([['ord_2', true]]);
  });
});
