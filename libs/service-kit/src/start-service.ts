import { Global, Module, type DynamicModule, type INestApplication, type OnApplicationShutdown, type Type, Inject } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from "@nestjs/platform-express";
import type { MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder } from '@nestjs/swagger';
import type { CommandEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import { CommandClient, countingRequests, kafkajsLogCreator, type GroupLoss } from '@rewind/event-store';
import { Kafka, logLevel } from 'kafkajs';
import { EventStoreTransport, type EventStoreTransportOptions } from './event-store.transport';
import { HealthController, SERVICE_RUNTIME, ServiceMetrics, type ServiceRuntime } from './health';
import { ConfigError, kafkaClientSettings, type KafkaConnectionSettings } from './config';
import { JsonLogger } from './json-logger';
import { publishOpenApi } from './openapi';
import { ProblemFilter } from './problem';

/** The command client of the service's own event store; controllers inject it with this token. */
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
  readonly commandTimeoutMs: number;
  readonly eventStore: Omit<EventStoreTransportOptions<C, E, S>, 'kafka'>;
}

/**
 * Boots one Rewind service: the HTTP API (problem+json errors, a body size limit, OpenAPI at /docs
 * and /docs-json with 405 for undeclared methods, health and metrics) and the event-store transport that decides its commands and
 * runs its reactions, in one process. SIGTERM stops taking requests, lets the transport finish the
 * batch in hand and leave its groups, then exits.
 */
export async function startService<C extends CommandEnvelope, E extends DomainEvent, S>(definition: ServiceDefinition<C, E, S>): Promise<INestApplication> {
  const logger = new JsonLogger(definition.name, definition.logLevel);
  // the metrics count the Kafka requests of every client, the transport's among them: made first
  const metrics = new ServiceMetrics(() => transport.commandProcessor?.stats, () => transport.commandProcessor?.partitions ?? []);
  const kafka = countingRequests(
    new Kafka({ clientId: definition.name, brokers: [...definition.kafkaBrokers], logLevel: logLevel.WARN, logCreator: kafkajsLogCreator, ...kafkaClientSettings(definition.kafkaConnection) }),
    ({ client, api }) => metrics.kafkaRequests.inc({ client, api }),
  );
  // a consumer that kafkajs cannot bring back into its group, or a batch that hangs inside it (its
  // member sends no heartbeat meanwhile, so it is out of its group too), leaves the process alive
  // and idle: it exits instead, for its supervisor (Kubernetes, or the fault suite) to start it
  // afresh; nothing is lost, as the log is the truth and every write is a transaction
  const onGroupLost = (loss: GroupLoss) => {
    logger.error({ message: 'a consumer is out of its group for good; exiting so the service is started afresh', ...loss });
    process.exit(1);
  };
  const transport = new EventStoreTransport<C, E, S>({ ...definition.eventStore, kafka, onGroupLost });
  const client = new CommandClient<C>({
    kafka,
    service: `${definition.eventStore.namespace ?? ''}${definition.eventStore.service}`,
    commands: definition.eventStore.commands,
    timeoutMs: definition.commandTimeoutMs,
    onGroupLost,
    observe: (type, status, seconds) => {
      metrics.commandSeconds.observe({ type, status }, seconds);
      metrics.commands.inc({ type, status });
    },
  });
  const admin = kafka.admin();
  const runtime: ServiceRuntime = { admin, transport: transport as unknown as ServiceRuntime['transport'], metrics };

  const app = await NestFactory.create<NestExpressApplication>(rootModule(definition.module, runtime, client), { logger, bodyParser: false });
  app.useBodyParser('json', { limit: '64kb' });
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  publishOpenApi(app, new DocumentBuilder().setTitle(definition.title).setVersion('1').build());

  app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { inheritAppConfig: true });
  await Promise.all([client.start(), admin.connect()]);
  await app.startAllMicroservices();
  await app.listen(definition.port, '0.0.0.0');
  logger.log({ message: 'listening', port: definition.port, service: definition.eventStore.service });
  return app;
}

function rootModule(appModule: Type, runtime: ServiceRuntime, client: CommandClient<CommandEnvelope>): DynamicModule {
  @Global()
  @Module({})
  class ServiceKitModule implements OnApplicationShutdown {
    constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<CommandEnvelope>) {}

    async onApplicationShutdown(): Promise<void> {
      await this.commands.stop();
      await runtime.admin.disconnect();
    }
  }
  return {
    module: ServiceKitModule,
    controllers: [HealthController],
    providers: [
      { provide: SERVICE_RUNTIME, useValue: runtime },
      { provide: COMMAND_CLIENT, useValue: client },
      { provide: SERVICE_METRICS, useValue: runtime.metrics },
    ],
    exports: [COMMAND_CLIENT, SERVICE_METRICS],
    imports: [appModule],
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
