export { uniqueName } from './unique-name';
export { testServers, testKafka, testDatabase, type TestDatabase } from './servers';
export { readTopic, readTopicToEnd, type TopicRecord, type ReadTopicOptions } from './read-topic';
export { createTestTopics } from './topics';
export { ServiceProcess, startSaga, http, impliedCaller, impliedBearer, eventually, type Saga, type SagaOptions, type ServiceName, type HttpAnswer } from './whole-stack';
export { auditEventLog, type EventLogAudit, type LoggedEvent } from './event-log';
export { freePort, LOCAL_KAFKA_USERS, LOCAL_SASL_MECHANISM, localKafkaCredentials, type LocalKafkaUser } from '@rewind/dev-stack';
export { securedMongoAvailable, startSecuredMongo, type SecuredFerretDb } from './secured-mongo';
export { testIssuer, testAuthEnv, testToken, bearer, type TestRole } from './test-issuer';
