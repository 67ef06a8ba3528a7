export { readConfig, commonSettings, serviceSettings, mongoSettings, port, ConfigError } from './config';
export { ProblemFilter, HttpProblem, invalidRequest, problemType, type ProblemDetails, type FieldProblem } from './problem';
export { problemFor, assertAccepted } from './command-problems';
export { EventStoreTransport, CommandContext, reactionCommand, type EventStoreTransportOptions } from './event-store.transport';
export { startService, runService, COMMAND_CLIENT, SERVICE_METRICS, type ServiceDefinition } from './start-service';
export { ServiceMetrics } from './health';
export { JsonLogger } from './json-logger';
export { answerCommand, answerCommandStatus, answerState, httpCommand, parseBody, expectedVersion, idempotencyKey } from './command-http';
export { openApiSchema, problemResponse, idempotencyKeyHeader, ifMatchHeader } from './openapi';
