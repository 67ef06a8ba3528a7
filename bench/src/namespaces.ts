import { DEAD_LETTER_TOPIC, deadLetterTopic, serviceTopics } from '@rewind/contracts';
import { provisionTopics } from '@rewind/dev-stack';

/** The topics of a namespace of the bench's own, created on the stack's broker. */
export async function provisionNamespace(brokers: string, namespace: string): Promise<void> {
  const topics = ['orders', 'payments', 'shipments']
    .flatMap((service) => serviceTopics(`${namespace}${service}`))
    .concat({ ...deadLetterTopic(), name: `${namespace}${DEAD_LETTER_TOPIC}` });
  await provisionTopics(brokers, topics);
}
