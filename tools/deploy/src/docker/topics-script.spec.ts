import { topics, type TopicDeclaration } from '@rewind/contracts';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTopicsScript, shellWord } from './topics-script';

/**
 * Runs a topics script with a stand-in kafka-topics.sh that records each call's arguments, one line
 * per call, and fails (as a broker refusing it would) for the topic named by `FAIL_TOPIC`.
 */
function runWithRecordingKafkaTopics(script: string, env: Record<string, string> = {}): { status: number | null; calls: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-topics-'));
  try {
    const recorder = join(dir, 'kafka-topics.sh');
    writeFileSync(recorder, `#!/bin/sh\necho "$*" >> "${join(dir, 'calls')}"\ncase "$*" in *"--topic \${FAIL_TOPIC:-none} "*) exit 1 ;; esac\n`);
    chmodSync(recorder, 0o755);
    writeFileSync(join(dir, 'create-topics.sh'), script);
    const run = spawnSync('sh', [join(dir, 'create-topics.sh')], { env: { PATH: process.env['PATH'] ?? '', KAFKA_TOPICS: recorder, ...env }, encoding: 'utf8' });
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trimEnd().split('\n');
    return { status: run.status, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the topics script of the compose file', () => {
  it('creates each declared topic once, with its partitions, its configs and replication 1', () => {
    const declared: TopicDeclaration[] = [
      { name: 'orders.events', partitions: 6, configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1' } },
      { name: 'orders.snapshots', partitions: 3, configs: { 'cleanup.policy': 'compact' } },
    ];
    expect(runWithRecordingKafkaTopics(createTopicsScript(declared))).toEqual({
      status: 0,
      calls: [
        '--bootstrap-server kafka:9092 --create --if-not-exists --topic orders.events --partitions 6 --replication-factor 1 --config cleanup.policy=delete --config retention.ms=-1',
        '--bootstrap-server kafka:9092 --create --if-not-exists --topic orders.snapshots --partitions 3 --replication-factor 1 --config cleanup.policy=compact',
      ],
    });
  });

  it('covers every topic of libs/contracts, against the broker BOOTSTRAP_SERVER names', () => {
    const { status, calls } = runWithRecordingKafkaTopics(createTopicsScript(topics), { BOOTSTRAP_SERVER: 'broker:29092' });
    expect(status).toBe(0);
    expect(calls.map((call) => /--topic (\S+) --partitions (\d+)/.exec(call)?.slice(1))).toEqual(topics.map((topic) => [topic.name, String(topic.partitions)]));
    expect(calls.every((call) => call.startsWith('--bootstrap-server broker:29092 '))).toBe(true);
  });

  it('stops, failing, at the first topic the broker refuses', () => {
    const { status, calls } = runWithRecordingKafkaTopics(createTopicsScript(topics), { FAIL_TOPIC: topics[1]!.name });
    expect(status).not.toBe(0);
    expect(calls).toHaveLength(2);
  });

  it('quotes a value the shell would otherwise split or expand', () => {
    expect(shellWord('retention.ms=-1')).toBe('retention.ms=-1');
    expect(shellWord("a b$c'd")).toBe(`'a b$c'\\''d'`);
  });
});
