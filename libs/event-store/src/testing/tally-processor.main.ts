/**
 * A command processor for the tally aggregate as a process of its own, so that tests can run
 * several instances in one group and SIGKILL them. Usage:
 *   node -r @swc-node/register tally-processor.main.ts <brokers> <service> <sessionTimeoutMs> <snapshotEvery>
 * Logs one JSON object per line on stdout.
 */
import { Kafka, logLevel } from 'kafkajs';
import { CommandProcessor } from '../command-processor';
import { tallySpec } from './tally';

const [brokers = '', service = '', sessionTimeoutMs = '10000', snapshotEvery = '0'] = process.argv.slice(2);
const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), pid: process.pid, message, ...fields })}\n`);

const processor = new CommandProcessor({
  ...tallySpec,
  kafka: new Kafka({ clientId: `tally-${process.pid}`, brokers: brokers.split(','), logLevel: logLevel.ERROR }),
  service,
  sessionTimeoutMs: Number(sessionTimeoutMs),
  snapshotEvery: Number(snapshotEvery),
  log,
});

processor.start().then(
  () => log('started'),
  (error: unknown) => {
    log('failed to start', { error: String(error) });
    process.exit(1);
  },
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void processor.stop().finally(() => {
      log('stopped');
      process.exit(0);
    });
  });
}
