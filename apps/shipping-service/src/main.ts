import 'reflect-metadata';
import { orderEvents, shipmentCommands, shipmentEvents } from '@rewind/contracts';
import { runService, startService } from '@rewind/service-kit';
import { shipmentDecider } from '@rewind/shipping-domain';
import { shippingServiceConfig } from './config';
import { ShipmentsModule } from './shipments/shipments.module';

runService(async () => {
  const config = shippingServiceConfig();
  await startService({
    name: 'shipping-service',
    title: 'Rewind — shipments',
    module: ShipmentsModule,
    port: config.PORT,
    kafkaBrokers: config.KAFKA_BROKERS,
    kafkaConnection: config,
    logLevel: config.LOG_LEVEL,
    auth: config,
    commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
    advertisedUrl: config.ADVERTISED_URL,
    internalToken: config.INTERNAL_TOKEN,
    eventStore: {
      service: 'shipments',
      decider: shipmentDecider,
      events: shipmentEvents,
      commands: shipmentCommands,
      reactsTo: { 'orders.events': orderEvents },
      snapshotEvery: config.SNAPSHOT_EVERY,
      stateDir: config.STATE_DIR,
      cacheEntries: config.AGGREGATE_CACHE_ENTRIES,
      idempotencyWindowMs: config.IDEMPOTENCY_WINDOW_MS,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      batchDeadlineMs: config.BATCH_DEADLINE_MS,
      namespace: config.TOPIC_NAMESPACE,
    },
  });
});
