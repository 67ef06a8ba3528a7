import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';
import { DEAD_LETTER_TOPIC } from '@rewind/contracts';
import { ProjectionStatusReader, registerProjectionMetrics } from '@rewind/projection-runtime';
import { projectionCatalog } from '@rewind/projections';
import {
  ConfigError,
  ConsumerAssignments,
  createLogger,
  kafkaClientSettings,
  kafkajsLogCreator,
  loggingModule,
  metricsRegistry,
  mongoClientOptions,
  ProblemFilter,
  publishOpenApi,
  registerConsumerLag,
  TokenVerifier,
} from '@rewind/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { queryApiConfig, type QueryApiConfig } from './config';
import { Probes } from './health/probes';
import { Projections, watched } from './projections/projections';
import { DeadLetters } from './dead-letters/dead-letters';
import { answerComponents } from './openapi/answers';
import { QueryApiModule, type QueryApiParts } from './query-api.module';
import { ReadModels } from './read-models/read-models';
import { Repairs } from './repairs/repairs';

/**
 * Builds the query API from its settings and starts it listening: reads of the read models' live
 * generations with their staleness, rewinds of an order, and the projections' status and rebuilds.
 * Closing the app closes its clients.
 */
export async function startQueryApi(config: QueryApiConfig): Promise<INestApplication> {
  // a missing build would only show as 404s in the browser: stop here instead, named
  if (config.EXPLORER_DIR !== undefined && !existsSync(join(config.EXPLORER_DIR, 'index.html'))) {
    throw new ConfigError(['EXPLORER_DIR: no built explorer there (index.html); build it with `npx nx build explorer`']);
  }
  const logger = createLogger('query-api', config.LOG_LEVEL);
  const parts = queryApiParts(config, logger);
  try {
    await parts.mongo.connect();
    const { app } = await queryApp(parts, logger, config.EXPLORER_DIR);
    app.enableShutdownHooks();
    await app.listen(config.PORT, '0.0.0.0');
    logger.info({ port: config.PORT, database: config.MONGODB_DATABASE, namespace: config.TOPIC_NAMESPACE }, 'listening');
    return app;
  } catch (error) {
    await Promise.allSettled([parts.admin.disconnect(), parts.mongo.close()]);
    throw error;
  }
}

/**
 * The query API's OpenAPI document, as `/docs-json` serves it, built without any server: the app's
 * own module on clients that never connect (kafkajs and the MongoDB driver connect on first use,
 * and describing the API uses neither). What the explorer's types are generated from.
 */
export async function queryApiDocument(): Promise<OpenAPIObject> {
  // a JWKS URL is fetched on first use only, and describing the API verifies no token
  const config = queryApiConfig({
    KAFKA_BROKERS: '127.0.0.1:9092',
    MONGODB_URI: 'mongodb://127.0.0.1:27017/',
    AUTH_ISSUER: 'https://issuer.invalid/',
    AUTH_AUDIENCE: 'rewind',
    AUTH_JWKS_URL: 'https://issuer.invalid/jwks',
  });
  const silent = createLogger('query-api', 'silent');
  const { app, document } = await queryApp(queryApiParts(config, silent), silent);
  await app.close();
  return document;
}

/** Every part of the query API on its clients, none of them connected yet. */
function queryApiParts(config: QueryApiConfig, logger: Logger): QueryApiParts {
  // a broker outage makes answers say `Rewind-Lag: unknown`: the API degrades rather than fails, so a warning
  const logCreator = kafkajsLogCreator(logger, { atMost: 'warn' });
  const assignments = new ConsumerAssignments();
  // Kafka only measures lag and records rebuild targets: few retries, so an outage shows as `unknown` soon
  const kafka = assignments.following(new Kafka({ clientId: 'query-api', brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN, logCreator, retry: { retries: 2 }, ...kafkaClientSettings(config) }));
  // no connect: kafkajs connects on first use, so the API serves reads even while Kafka is down
  const admin = kafka.admin();
  const mongo = new MongoClient(config.MONGODB_URI, mongoClientOptions(config));
  const db = mongo.db(config.MONGODB_DATABASE);
  const catalog = projectionCatalog(config.TOPIC_NAMESPACE);
  // one reader for the process: it caches each status for a second, so every answer can carry its lag
  const status = new ProjectionStatusReader(admin, db, watched(catalog), config.TOPIC_NAMESPACE);
  const registry = metricsRegistry();
  registerConsumerLag(registry, admin, assignments);
  // the lag every answer carries, and the rebuilds' progress, as the API sees them
  registerProjectionMetrics(registry, () => status.all());
  return {
    admin,
    mongo,
    readModels: new ReadModels(db, status, config.LAG_TIMEOUT_MS),
    projections: new Projections(kafka, admin, db, catalog, status, config.TOPIC_NAMESPACE, config.LAG_TIMEOUT_MS),
    probes: new Probes(db, admin, config.LAG_TIMEOUT_MS),
    deadLetters: new DeadLetters(kafka, admin, `${config.TOPIC_NAMESPACE}${DEAD_LETTER_TOPIC}`),
    // repairs read whole topics and send commands: kafkajs's usual retries, not the lag probe's two
    repairs: new Repairs(
      assignments.following(new Kafka({ clientId: 'query-api-repairs', brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN, logCreator, ...kafkaClientSettings(config) })),
      db,
      config.TOPIC_NAMESPACE,
      config.COMMAND_TIMEOUT_MS,
      (message, fields) => logger.warn(fields ?? {}, message),
    ),
    verifier: new TokenVerifier(config),
    rateLimit: config,
    registry,
  };
}

/** The Nest app on its parts, with its OpenAPI document published (at /docs, /docs-json); not listening yet. */
async function queryApp(parts: QueryApiParts, logger: Logger, explorerDir?: string): Promise<{ app: NestExpressApplication; document: OpenAPIObject }> {
  const app = await NestFactory.create<NestExpressApplication>(QueryApiModule.with(parts, loggingModule(logger)), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(NestPinoLogger));
  app.useBodyParser('json', { limit: '16kb' });
  app.useGlobalFilters(new ProblemFilter());
  // the explorer's static files, on the API's origin: no CORS, and the bearer token goes to the API only
  if (explorerDir !== undefined) app.useStaticAssets(resolve(explorerDir), { prefix: '/explorer' });
  const config = new DocumentBuilder()
    .setTitle('Rewind — query API')
    .setDescription('The read models, each answer with its staleness (Rewind-* headers); orders rewound to any version or instant; projection status and rebuilds; repairs after a bug.')
    .setVersion('1')
    .build();
  // every answer's schema, named, so that a client gets one type per shape (the explorer's are generated from them)
  const document = publishOpenApi(app, { ...config, components: { ...config.components, schemas: answerComponents() } });
  return { app, document };
}
