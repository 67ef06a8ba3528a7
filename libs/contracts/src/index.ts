export { SERVICE_PARTITIONS, topics } from './topics';
export type { TopicDeclaration } from './topics';
