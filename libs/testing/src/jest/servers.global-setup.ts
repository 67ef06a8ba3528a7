import { topics } from '@rewind/contracts';
import { exportServerAddresses, provisionTopics, startDevStack, type DevStack } from '@rewind/dev-stack';

/**
 * Runs once per jest run, before any integration or e2e suite: finds or starts the servers,
 * provisions the declared topics, and hands the addresses to the test workers through
 * KAFKA_BROKERS / MONGODB_URI. Under `npm test` the dev-stack CLI has done all of this already,
 * so nothing is started here.
 */
export default async function serversGlobalSetup(): Promise<void> {
  const stack = await startDevStack({ log: (line) => process.stderr.write(`\ndev-stack: ${line}`) });
  (globalThis as { rewindDevStack?: DevStack }).rewindDevStack = stack;
  await provisionTopics(stack.kafkaBrokers, topics);
  exportServerAddresses(stack);
}
