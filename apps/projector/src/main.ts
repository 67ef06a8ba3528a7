import { ProjectionSupervisor } from '@rewind/projection-runtime';
import { projectionCatalog } from '@rewind/projections';
import { JsonLogger, runService } from '@rewind/service-kit';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { projectorConfig } from './config';

/**
 * Keeps the read models up to date. Each projection is supervised from its pointer: its live
 * generation is fed by a consumer group of its own, a rebuild recorded there (by the CLI or the
 * query API) is run beside it and flipped to once caught up, and replaced generations are dropped
 * after their grace period. Projectors only write read models; they never issue commands.
 */
runService(async () => {
  const config = projectorConfig();
  const logger = new JsonLogger('projector', config.LOG_LEVEL);
  const kafka = new Kafka({ clientId: 'projector', brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const mongo = await MongoClient.connect(config.MONGODB_URI);
  await admin.connect();
  const db = mongo.db(config.MONGODB_DATABASE);

  const supervisors = projectionCatalog(config.TOPIC_NAMESPACE).map(
    (definition) =>
      new ProjectionSupervisor({
        kafka,
        admin,
        db,
        definition,
        namespace: config.TOPIC_NAMESPACE,
        keepLive: true,
        graceMs: config.REBUILD_GRACE_MS,
        log: (message, fields) => logger.log({ message, ...fields }),
      }),
  );
  await Promise.all(supervisors.map((supervisor) => supervisor.reconcile()));

  let stopping = false;
  const supervising = (async () => {
    while (!stopping) {
      await sleep(config.POINTER_POLL_MS);
      // one projection's trouble (a broker or database hiccup) is logged and retried on the next round
      await Promise.all(supervisors.map((supervisor) => supervisor.reconcile().catch((error: unknown) => logger.warn({ message: 'reconcile failed', projection: supervisor.name, error: String(error) }))));
    }
  })();

  // liveness and readiness for Kubernetes: ready once every live generation has joined its group
  const health = createServer((request, response) => {
    const known = request.url === '/health/live' || request.url === '/health/ready';
    response.writeHead(known ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(known ? { status: 'ok' } : { status: 'not found' }));
  }).listen(config.PORT);

  // SIGTERM: finish the batches in hand (their writes and commits), leave the groups, close the clients
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      health.close();
      void supervising
        .then(() => Promise.all(supervisors.map((supervisor) => supervisor.stop())))
        .then(() => Promise.allSettled([admin.disconnect(), mongo.close()]))
        .finally(() => process.exit(0));
    });
  }
});
