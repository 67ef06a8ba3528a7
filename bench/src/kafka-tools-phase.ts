import { randomUUID } from 'node:crypto';
import { SERVICE_PARTITIONS } from '@rewind/contracts';
import { installKafka } from '@rewind/dev-stack';
import type { BenchContext } from './context';
import { parseConsumerPerformance, parseProducerPerformance, runKafkaTool } from './kafka-tools';

/** The record size of the raw tools: about one encoded OrderPlaced event. */
export const PERF_RECORD_BYTES = 700;

/**
 * Kafka's own `kafka-producer-perf-test` (idempotent, acks=all) and `kafka-consumer-perf-test`,
 * from the release jars of the broker's version, against the same broker: the ceiling of the
 * machine, whatever the client.
 */
export async function kafkaToolsPhase(ctx: BenchContext): Promise<void> {
  let libs: string;
  try {
    libs = await installKafka(ctx.cacheDir);
  } catch (error) {
    ctx.notes.push(`Kafka's perf tools were not run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return;
  }
  const topic = `${ctx.runId}-perf`;
  await ctx.admin.createTopics({ topics: [{ topic, numPartitions: SERVICE_PARTITIONS }] });
  const records = ctx.sizes.perfToolRecords;
  for (let run = 1; run <= ctx.runs; run++) {
    const produced = parseProducerPerformance(
      await runKafkaTool(libs, 'org.apache.kafka.tools.ProducerPerformance', [
        '--topic', topic,
        '--num-records', String(records),
        '--record-size', String(PERF_RECORD_BYTES),
        '--throughput', '-1',
        '--producer-props', `bootstrap.servers=${ctx.kafkaBrokers}`, 'acks=all', 'enable.idempotence=true',
      ]),
    );
    ctx.samples.add('perf.producer.rate', produced.recordsPerSecond);
    ctx.samples.add('perf.producer.p99', produced.p99);
    const consumed = parseConsumerPerformance(
      await runKafkaTool(libs, 'org.apache.kafka.tools.ConsumerPerformance', [
        '--bootstrap-server', ctx.kafkaBrokers,
        '--topic', topic,
        '--messages', String(records),
        '--group', `bench-perf-${randomUUID()}`,
        '--timeout', '60000',
      ]),
    );
    ctx.samples.add('perf.consumer.rate', consumed.fetchRecordsPerSecond);
    ctx.log(`run ${run}: kafka-producer-perf-test ${Math.round(produced.recordsPerSecond)}/s, kafka-consumer-perf-test ${Math.round(consumed.fetchRecordsPerSecond)}/s`);
  }
  // every run appended to the topic; the consumer test reads its first `records` each time
}
