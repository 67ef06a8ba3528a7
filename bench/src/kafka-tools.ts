import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What `kafka-producer-perf-test` prints last: throughput and its latency percentiles. */
export interface ProducerPerfResult {
  readonly records: number;
  readonly recordsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

export function parseProducerPerformance(output: string): ProducerPerfResult {
  const line = output
    .split('\n')
    .reverse()
    .find((candidate) => /records sent, .* records\/sec/.test(candidate) && /50th/.test(candidate));
  const match = line?.match(/^(\d+) records sent, ([\d.]+) records\/sec .* (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/);
  if (!match) throw new Error(`no summary line in the producer perf test's output:\n${output.slice(-1000)}`);
  return { records: Number(match[1]), recordsPerSecond: Number(match[2]), p50: Number(match[3]), p99: Number(match[4]) };
}

/** What `kafka-consumer-perf-test` prints: a header line and one line of values. */
export interface ConsumerPerfResult {
  readonly records: number;
  /** Records per second while fetching, group join excluded. */
  readonly fetchRecordsPerSecond: number;
}

export function parseConsumerPerformance(output: string): ConsumerPerfResult {
  const lines = output.split('\n').map((line) => line.trim());
  const headerIndex = lines.findIndex((line) => line.startsWith('start.time'));
  const header = lines[headerIndex]?.split(',').map((name) => name.trim());
  const values = lines[headerIndex + 1]?.split(',').map((value) => value.trim());
  if (headerIndex === -1 || !header || !values) throw new Error(`no result line in the consumer perf test's output:\n${output.slice(-1000)}`);
  const field = (name: string) => {
    const value = values[header.indexOf(name)];
    if (value === undefined || Number.isNaN(Number(value))) throw new Error(`no ${name} in the consumer perf test's output:\n${output.slice(-1000)}`);
    return Number(value);
  };
  return { records: field('data.consumed.in.nMsg'), fetchRecordsPerSecond: field('fetch.nMsg.sec') };
}

/** Runs one of Kafka's own tools from the release jars the dev stack installed. */
export function runKafkaTool(libs: string, mainClass: string, args: readonly string[], timeoutMs = 600_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx512m', '-cp', join(libs, '*'), mainClass, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${mainClass} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}
