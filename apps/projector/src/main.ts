import { ProjectionSupervisor } from '@rewind/projection-runtime';
import { projectionCatalog } from '@rewind/projections';
import { JsonLogger, kafkaClientSettings, mongoClientOptions, runService } from '@rewind/service-kit';
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
  const kafka = new Kafka({ clientId: 'projector', brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN, ...kafkaClientSettings(config) });
  const admin = kafka.admin();
  const mongo = await MongoClient.connect(config.MONGODB_URI, mongoClientOptions(config));
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
        // a live consumer that kafkajs gave up on, that never rejoined, or whose batch hangs leaves
        // the read model frozen while the process looks healthy: exit instead, for the supervisor
        // (Kubernetes) to start it afresh; nothing is lost, as offsets are committed after the writes
        onLost: (loss) => {
          if (loss.rebuilding) return logger.warn({ message: 'a rebuild’s consumer is out of its group for good; the rebuild is marked failed, asking again resumes it', ...loss });
          logger.error({ message: 'a projection consumer is out of its group for good; exiting so the projector is started afresh', ...loss });
          process.exit(1);
        },
      }),
  );
  // each projection on a loop of its own: one that is stuck or failing holds up no other
  let stopping = false;
  const supervising = supervisors.map(async (supervisor) => {
    while (!stopping) {
      await supervisor.reconcile().catch((error: unknown) => logger.warn({ message: 'reconcile failed', projection: supervisor.name, error: String(error) }));
      await sleep(config.POINTER_POLL_MS);
    }
  });

  // liveness for Kubernetes; readiness: every projection's live generation has a consumer in its group
  const health = createServer((request, response) => {
    const answer = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/health/live') return answer(200, { status: 'ok' });
    if (request.url !== '/health/ready') return answer(404, { status: 'not found' });
    const feeding = Object.fromEntries(supervisors.map((supervisor) => [supervisor.name, supervisor.feedsLive]));
    const ready = Object.values(feeding).every(Boolean);
    return answer(ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', feeding });
  }).listen(config.PORT);

  // SIGTERM: finish the batches in hand (their writes and commits), leave the groups, close the clients
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      health.close();
      void Promise.all(supervising)
        .then(() => Promise.all(supervisors.map((supervisor) => supervisor.stop())))
        .then(() => Promise.allSettled([admin.disconnect(), mongo.close()]))
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ message: 'stopping failed', error: String(error) });
            process.exit(1);
          },
        );
    });
  }
});
