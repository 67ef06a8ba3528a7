import type { TopicDeclaration } from '@rewind/contracts';
import { provisionTopics } from '@rewind/dev-stack';
import { testServers } from './servers';

/** Creates a suite's own topics (declared with names from `uniqueName`) on the test servers. */
export async function createTestTopics(declarations: readonly TopicDeclaration[]): Promise<void> {
  await provisionTopics(testServers().kafkaBrokers, declarations);
}
