export { SERVICE_PARTITIONS, topics, serviceTopics, serviceTopicNames, type ServiceName } from './topics';
export type { TopicDeclaration } from './topics';
export { eventEnvelopeSchema, commandEnvelopeSchema, idSchema, type EventEnvelope, type CommandEnvelope } from './envelope';
export {
  EventCodec,
  CommandCodec,
  InvalidMessageError,
  eventContract,
  commandContract,
  type EventContract,
  type CommandContract,
  type EventOf,
  type CommandOf,
} from './messages';
