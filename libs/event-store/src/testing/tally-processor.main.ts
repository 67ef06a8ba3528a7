/**
 * An instance of the tally service as a process of its own (command processor, router and HTTP
 * server: tally-instance.ts), so that tests can run several instances in one group, SIGKILL them
 * or freeze them with SIGSTOP. Usage:
 *   node -r @swc-node/register tally-processor.main.ts <brokers> <service> <sessionTimeoutMs> <snapshotEvery>
 * with INTERNAL_TOKEN in the environment when the instances share one. Logs one JSON object per
 * line on stdout; the line `started` carries the instance's `url`.
 */
import { Kafka, logLevel } from 'kafkajs';
import { kafkajsLogCreator } from '../kafkajs-fixes';
import { startTallyInstance } from './tally-instance';

const [brokers = '', service = '', sessionTimeoutMs = '10000', snapshotEvery = '0'] = process.argv.slice(2);
const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), pid: process.pid, message, ...fields })}\n`);

const kafka = new Kafka({ clientId: `tally-${process.pid}`, brokers: brokers.split(','), logLevel: logLevel.ERROR, logCreator: kafkajsLogCreator });
startTallyInstance(kafka, service, {
  sessionTimeoutMs: Number(sessionTimeoutMs),
  snapshotEvery: Number(snapshotEvery),
  ...(process.env['INTERNAL_TOKEN'] ? { internalToken: process.env['INTERNAL_TOKEN'] } : {}),
  log,
}).then(
  (instance) => {
    log('started', { url: instance.url });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void instance.stop().finally(() => {
          log('stopped');
          process.exit(0);
        });
      });
    }
  },
  (error: unknown) => {
    log('failed to start', { error: String(error) });
    process.exit(1);
  },
);
