export { readConfig, commonSettings, serviceSettings, mongoSettings, port, adminToken, appSettings, kafkaClientSettings, mongoClientOptions, ConfigError, type KafkaConnectionSettings } from './config';
export { AdminTokenGuard, AdminOnly, adminTokenProblem, ADMIN_TOKEN, ADMIN_SECURITY, adminBearerScheme } from './admin-token.guard';
export { ProblemFilter, HttpProblem, invalidRequest, problemType, type ProblemDetails, type FieldProblem } from './problem';
export { problemFor, assertAccepted } from './command-problems';
export { EventStoreTransport, CommandContext, reactionCommand, type EventStoreTransportOptions } from './event-store.transport';
export { startService, runService, COMMAND_CLIENT, SERVICE_METRICS, type ServiceDefinition } from './start-service';
export { InternalCommandsController, COMMAND_ROUTER } from './internal-commands.controller';
export { ServiceMetrics } from './health';
export { JsonLogger } from './json-logger';
export { answerCommand, answerCommandStatus, answerState, httpCommand, parseBody, expectedVersion, idempotencyKey, IF_MATCH_PATTERN, IDEMPOTENCY_KEY_PATTERN } from './command-http';
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
} from './openapi';
