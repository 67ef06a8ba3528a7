import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectionStatusReader, ProjectionSupervisor, registerProjectionMetrics, sourceTopics } from '@rewind/projection-runtime';
import { projectionCatalog } from '@rewind/projections';
import {
  ConsumerAssignments,
  createLogger,
  HealthModule,
  kafkaClientSettings,
  kafkajsLogCreator,
  loggingModule,
  metricsRegistry,
  mongoClientOptions,
  ProblemFilter,
  registerConsumerLag,
  runService,
} from '@rewind/service-kit';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { projectorConfig } from './config';

/**
 * Keeps the read models up to date. Each projection is supervised from its pointer: its live
 * generation is fed by a consumer group of its own, a rebuild recorded there (by the CLI or the
 * query API) is run beside it and flipped to once caught up, and replaced generations are dropped
 * after their grace period. Projectors only write read models; they never issue commands.
 */
runService(async () => {
  const config = projectorConfig();
  const logger = createLogger('projector', config.LOG_LEVEL);
  // every consumer is followed for the lag of the partitions it holds (the live groups, the rebuilds)
  const assignments = new ConsumerAssignments();
  const kafka = assignments.following(
    new Kafka({ clientId: 'projector', brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN, logCreator: kafkajsLogCreator(logger), ...kafkaClientSettings(config) }),
  );
  const admin = kafka.admin();
  const mongo = await MongoClient.connect(config.MONGODB_URI, mongoClientOptions(config));
  await admin.connect();
  const db = mongo.db(config.MONGODB_DATABASE);

  const catalog = projectionCatalog(config.TOPIC_NAMESPACE);
  const supervisors = catalog.map(
    (definition) =>
      new ProjectionSupervisor({
        kafka,
        admin,
        db,
        definition,
        namespace: config.TOPIC_NAMESPACE,
        keepLive: true,
        graceMs: config.REBUILD_GRACE_MS,
        consumer: { maxBytesPerFetch: config.PROJECTION_FETCH_MAX_BYTES },
        log: (message, fields) => logger.info(fields ?? {}, message),
        // a live consumer that kafkajs gave up on, that never rejoined, or whose batch hangs leaves
        // the read model frozen while the process looks healthy: exit instead, for the supervisor
        // (Kubernetes) to start it afresh; nothing is lost, as offsets are committed after the writes
        onLost: (loss) => {
          if (loss.rebuilding) return logger.warn(loss, 'a rebuild’s consumer is out of its group for good; the rebuild is marked failed, asking again resumes it');
          logger.error(loss, 'a projection consumer is out of its group for good; exiting so the projector is started afresh');
          process.exit(1);
        },
      }),
  );
  // each projection on a loop of its own: one that is stuck or failing holds up no other
  let stopping = false;
  const supervising = supervisors.map(async (supervisor) => {
    while (!stopping) {
      await supervisor.reconcile().catch((error: unknown) => logger.warn({ projection: supervisor.name, error: String(error) }, 'reconcile failed'));
      await sleep(config.POINTER_POLL_MS);
    }
  });

  // metrics: the lag of every partition a consumer here holds, each projection's lag and its rebuild's progress
  const registry = metricsRegistry();
  registerConsumerLag(registry, admin, assignments);
  const status = new ProjectionStatusReader(admin, db, catalog.map((definition) => ({ name: definition.name, topics: sourceTopics(definition) })), config.TOPIC_NAMESPACE);
  registerProjectionMetrics(registry, () => status.all());
  // the projector serves no API, only the health and metrics endpoints every app has; ready once every
  // projection's live generation has a consumer here in its group
  const ready = async () => ({ checks: Object.fromEntries(supervisors.map((supervisor) => [supervisor.name, supervisor.feedsLive])) });
  @Module({ imports: [loggingModule(logger), HealthModule.for({ ready, registry })] })
  class ProjectorHttpModule {}
  const http = await NestFactory.create(ProjectorHttpModule, { bufferLogs: true });
  http.useLogger(http.get(NestPinoLogger));
  http.useGlobalFilters(new ProblemFilter());
  await http.listen(config.PORT);

  // SIGTERM: finish the batches in hand (their writes and commits), leave the groups, close the clients
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      void http.close();
      void Promise.all(supervising)
        .then(() => Promise.all(supervisors.map((supervisor) => supervisor.stop())))
        .then(() => Promise.allSettled([admin.disconnect(), mongo.close()]))
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ error: String(error) }, 'stopping failed');
            process.exit(1);
          },
        );
    });
  }
});
