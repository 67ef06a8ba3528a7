export { readConfig, commonSettings, serviceSettings, mongoSettings, authSettings, signatureAlgorithms, port, appSettings, kafkaClientSettings, mongoClientOptions, ConfigError, type KafkaConnectionSettings, type MongoConnectionSettings } from './config';
export { AccessGuard, Roles, Public, Caller, TOKEN_VERIFIER } from './access.guard';
export { RateLimitGuard, rateLimitModule, type RateLimitSettings } from './rate-limit';
export { actorOf } from './caller';
export { TokenVerifier, type AuthSettings, type Identity, type Verification } from './bearer-token';
export { ProblemFilter, HttpProblem, invalidRequest, problemType, type ProblemDetails, type FieldProblem } from './problem';
export { problemFor, assertAccepted } from './command-problems';
export { EventStoreTransport, CommandContext, reactionCommand, type EventStoreTransportOptions } from './event-store.transport';
export { startService, runService, COMMAND_CLIENT, SERVICE_METRICS, type ServiceDefinition } from './start-service';
export { InternalCommandsController, COMMAND_ROUTER } from './internal-commands.controller';
export { ServiceMetrics, metricsRegistry, serviceReadiness, type ServiceRuntime } from './service-metrics';
export { HealthModule, HealthController, type Readiness, type HealthAnswer, type HealthOptions } from './health.module';
export { createLogger, loggingModule, REDACTED_PATHS } from './logging';
export { kafkajsLevel, kafkajsLogCreator, type LogLevel } from './kafkajs-log';
export { requestId, requestIdFrom, REQUEST_ID_HEADER } from './request-id';
export { ConsumerAssignments, registerConsumerLag, measureConsumerLag, lagOfHeld, type PartitionLag } from './consumer-lag';
export { answerCommand, answerCommandStatus, answerState, notFoundProblem, httpCommand, parseBody, expectedVersion, idempotencyKey, IF_MATCH_PATTERN, IDEMPOTENCY_KEY_PATTERN } from './command-http';
export {
  openApiSchema,
  problemSchema,
  problemResponse,
  idempotencyKeyHeader,
  ifMatchHeader,
  commandAccepted,
  commandPending,
  CommandStatusResponses,
  stateAnswer,
  withHttpProblems,
  methodNotAllowed,
  routePattern,
  publishOpenApi,
  BEARER_SECURITY,
  bearerScheme,
} from './openapi';
