import 'reflect-metadata';
import { orderEvents, paymentCommands, paymentEvents, shipmentEvents } from '@rewind/contracts';
import { paymentDecider } from '@rewind/payments-domain';
import { runService, startService } from '@rewind/service-kit';
import { paymentServiceConfig } from './config';
import { PaymentsModule } from './payments/payments.module';

runService(async () => {
  const config = paymentServiceConfig();
  await startService({
    name: 'payment-service',
    title: 'Rewind — payments',
    module: PaymentsModule,
    port: config.PORT,
    kafkaBrokers: config.KAFKA_BROKERS,
    kafkaConnection: config,
    logLevel: config.LOG_LEVEL,
    auth: config,
    commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
    advertisedUrl: config.ADVERTISED_URL,
    internalToken: config.INTERNAL_TOKEN,
    eventStore: {
      service: 'payments',
      decider: paymentDecider,
      events: paymentEvents,
      commands: paymentCommands,
      reactsTo: { 'orders.events': orderEvents, 'shipments.events': shipmentEvents },
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
