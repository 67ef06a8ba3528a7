export { uniqueName } from './unique-name';
export { testServers, testKafka, testDatabase, type TestDatabase } from './servers';
export { readTopic, type TopicRecord, type ReadTopicOptions } from './read-topic';
