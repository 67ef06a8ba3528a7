import 'reflect-metadata';
import { orderCommands, orderEvents, paymentEvents, shipmentEvents } from '@rewind/contracts';
import { orderDecider } from '@rewind/orders-domain';
import { runService, startService } from '@rewind/service-kit';
import { orderServiceConfig } from './config';
import { OrdersModule } from './orders/orders.module';

runService(async () => {
  const config = orderServiceConfig();
  await startService({
    name: 'order-service',
    title: 'Rewind — orders',
    module: OrdersModule,
    port: config.PORT,
    kafkaBrokers: config.KAFKA_BROKERS,
    kafkaConnection: config,
    logLevel: config.LOG_LEVEL,
    auth: config,
    commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
    advertisedUrl: config.ADVERTISED_URL,
    internalToken: config.INTERNAL_TOKEN,
    eventStore: {
      service: 'orders',
      decider: orderDecider,
      events: orderEvents,
      commands: orderCommands,
      reactsTo: { 'payments.events': paymentEvents, 'shipments.events': shipmentEvents },
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
