import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Global, Module, type DynamicModule, type INestApplication, type OnApplicationShutdown, type Type, Inject } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder } from '@nestjs/swagger';
import type { CommandEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import { CommandRouter, countingRequests, INTERNAL_COMMANDS_PATH, type GroupLoss } from '@rewind/event-store';
import { Kafka, logLevel } from 'kafkajs';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { ConsumerAssignments, registerConsumerLag } from './consumer-lag';
import { EventStoreTransport, type EventStoreTransportOptions } from './event-store.transport';
import { HealthModule } from './health.module';
import { COMMAND_ROUTER, InternalCommandsController } from './internal-commands.controller';
import { AccessGuard, TOKEN_VERIFIER } from './access.guard';
import { TokenVerifier, type AuthSettings } from './bearer-token';
import { ConfigError, kafkaClientSettings, type KafkaConnectionSettings } from './config';
import { kafkajsLogCreator } from './kafkajs-log';
import { createLogger, loggingModule } from './logging';
import { metricsRegistry, serviceReadiness, ServiceMetrics, type ServiceRuntime } from './service-metrics';
import { publishOpenApi } from './openapi';
import { ProblemFilter } from './problem';
import { rateLimitModule, RateLimitGuard, type RateLimitSettings } from './rate-limit';

/**
 * The command client of the service's own event store (a CommandRouter: straight to the owner of
 * the aggregate's partition); controllers inject it with this token, typed as a CommandClient.
 */
export const COMMAND_CLIENT = Symbol('COMMAND_CLIENT');
export const SERVICE_METRICS = Symbol('SERVICE_METRICS');

export interface ServiceDefinition<C extends CommandEnvelope, E extends DomainEvent, S> {
  /** The app's name, as logs and metrics show it. */
  readonly name: string;
  readonly title: string;
  /** The app's own module: its controllers and reactions. */
  readonly module: Type;
  readonly port: number;
  readonly kafkaBrokers: readonly string[];
  /** SASL and TLS towards Kafka: the app's settings, as kafkaClientSettings reads them. */
  readonly kafkaConnection: KafkaConnectionSettings;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** How its HTTP callers are verified (the AUTH_* settings): every route but health, metrics and /docs needs a token. */
  readonly auth: AuthSettings & RateLimitSettings;
  readonly commandTimeoutMs: number;
  /** How the service's other instances reach this one (ADVERTISED_URL); default http://127.0.0.1:<the port it listens on>. */
  readonly advertisedUrl?: string;
  /** The credential the instances present to each other (INTERNAL_TOKEN); default a random one, published in the group. */
  readonly internalToken?: string;
  readonly eventStore: Omit<EventStoreTransportOptions<C, E, S>, 'kafka' | 'advertise'>;
}

/**
 * Boots one Rewind service: the HTTP API (problem+json errors, a body size limit, OpenAPI at /docs
 * and /docs-json with 405 for undeclared methods, health and metrics) and the event-store transport that decides its commands and
 * runs its reactions, in one process. SIGTERM stops taking requests, lets the transport finish the
 * batch in hand and leave its groups, then exits.
 */
export async function startService<C extends CommandEnvelope, E extends DomainEvent, S>(definition: ServiceDefinition<C, E, S>): Promise<INestApplication> {
  const logger = createLogger(definition.name, definition.logLevel);
  // first: a JWKS file that cannot be read stops the process before it connects to anything
  const verifier = new TokenVerifier(definition.auth);
  // the metrics count the Kafka requests of every client, the transport's among them, and follow
  // every consumer's partitions for their lag: made first
  const metrics = new ServiceMetrics(metricsRegistry(), () => transport.commandProcessor?.stats, () => transport.commandProcessor?.partitions ?? []);
  const assignments = new ConsumerAssignments();
  const kafka = assignments.following(
    countingRequests(
      new Kafka({ clientId: definition.name, brokers: [...definition.kafkaBrokers], logLevel: logLevel.WARN, logCreator: kafkajsLogCreator(logger), ...kafkaClientSettings(definition.kafkaConnection) }),
      ({ client, api, seconds }) => {
        metrics.kafkaRequests.inc({ client, api });
        metrics.kafkaRequestSeconds.observe({ client, api }, seconds);
      },
    ),
  );
  // a consumer that kafkajs cannot bring back into its group, or a batch that hangs inside it (its
  // member sends no heartbeat meanwhile, so it is out of its group too), leaves the process alive
  // and idle: it exits instead, for its supervisor (Kubernetes, or the fault suite) to start it
  // afresh; nothing is lost, as the log is the truth and every write is a transaction
  const onGroupLost = (loss: GroupLoss) => {
    logger.error(loss, 'a consumer is out of its group for good; exiting so the service is started afresh');
    process.exit(1);
  };
  const admin = kafka.admin();
  registerConsumerLag(metrics.registry, admin, assignments);
  const router = new CommandRouter<C>({
    commands: definition.eventStore.commands,
    timeoutMs: definition.commandTimeoutMs,
    // the admin lives until the end of shutdown, longer than the processor: requests still in hand
    // while it stops find their partitions' new owners
    describeGroup: async (groupId) => (await admin.describeGroups([groupId])).groups.find((group) => group.groupId === groupId),
    ...(definition.internalToken === undefined ? {} : { internalToken: definition.internalToken }),
    log: (message, fields) => logger.info(fields ?? {}, message),
    observe: (type, status, seconds) => {
      metrics.commandSeconds.observe({ type, status }, seconds);
      metrics.commands.inc({ type, status });
    },
  });
  const listening: { address?: AddressInfo } = {};
  const transport = new EventStoreTransport<C, E, S>({
    ...definition.eventStore,
    kafka,
    onGroupLost,
    // asked when the command processor starts, after the HTTP server listens: the port is known then
    advertise: () => router.advertisement(definition.advertisedUrl ?? `http://127.0.0.1:${listening.address?.port ?? definition.port}`),
  });
  const runtime: ServiceRuntime = { admin, transport: transport as unknown as ServiceRuntime['transport'] };

  const app = await NestFactory.create<NestExpressApplication>(
    rootModule(definition.module, runtime, router, metrics, loggingModule(logger), verifier, definition.auth),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(NestPinoLogger));
  // the other instances forward commands in batches of up to 512 KiB, a public request's command
  // each (the second parser leaves alone what the first has parsed)
  const forwarded = (request: IncomingMessage) => request.url?.startsWith(INTERNAL_COMMANDS_PATH) === true && /json/i.test(request.headers['content-type'] ?? '');
  app.useBodyParser('json', { limit: '1mb', type: forwarded });
  app.useBodyParser('json', { limit: '64kb' });
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  publishOpenApi(app, new DocumentBuilder().setTitle(definition.title).setVersion('1').build());

  app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { inheritAppConfig: true });
  await admin.connect();
  // listening first: the instance advertises the port it listens on; until its processor has joined
  // its group, a command waits for an owner (or is answered 202) and readiness answers 503
  await app.listen(definition.port, '0.0.0.0');
  listening.address = app.getHttpServer().address() as AddressInfo;
  await app.startAllMicroservices();
  if (transport.commandProcessor) router.attach(transport.commandProcessor);
  logger.info({ port: listening.address.port, eventStore: definition.eventStore.service }, 'listening');
  return app;
}

function rootModule(appModule: Type, runtime: ServiceRuntime, router: CommandRouter<CommandEnvelope>, metrics: ServiceMetrics, logging: DynamicModule, verifier: TokenVerifier, rateLimit: RateLimitSettings): DynamicModule {
  @Global()
  @Module({})
  class ServiceKitModule implements OnApplicationShutdown {
    constructor(@Inject(COMMAND_ROUTER) private readonly commands: CommandRouter<CommandEnvelope>) {}

    async onApplicationShutdown(): Promise<void> {
      this.commands.stop();
      await runtime.admin.disconnect();
    }
  }
  return {
    module: ServiceKitModule,
    controllers: [InternalCommandsController],
    providers: [
      { provide: COMMAND_ROUTER, useValue: router },
      { provide: COMMAND_CLIENT, useValue: router },
      { provide: SERVICE_METRICS, useValue: metrics },
      { provide: TOKEN_VERIFIER, useValue: verifier },
      // in this order: a flood is cut before its tokens are looked at further
      { provide: APP_GUARD, useClass: RateLimitGuard },
      { provide: APP_GUARD, useClass: AccessGuard },
    ],
    exports: [COMMAND_CLIENT, SERVICE_METRICS],
    imports: [logging, rateLimitModule(rateLimit), HealthModule.for({ ready: () => serviceReadiness(runtime), registry: metrics.registry }), appModule],
  };
}

/**
 * Runs an app's boot function; a configuration error is printed as it is (it names the settings at
 * fault) and anything else with its stack, and either way the process exits with status 1.
 */
export function runService(boot: () => Promise<unknown>): void {
  boot().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
