import { Generations, generationCollection, Projector, type ProjectionDefinition } from '@rewind/projection-runtime';
import { JsonLogger, runService } from '@rewind/service-kit';
import { createServer } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { projectorConfig } from './config';
import { projectionCatalog } from '@rewind/projections';

/**
 * Keeps the read models up to date: each projection's live generation, fed by a consumer group of
 * its own. Projectors only write read models; they never issue commands or other side effects.
 */
runService(async () => {
  const config = projectorConfig();
  const logger = new JsonLogger('projector', config.LOG_LEVEL);
  const kafka = new Kafka({ clientId: 'projector', brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN });
  const mongo = await MongoClient.connect(config.MONGODB_URI);
  const db = mongo.db(config.MONGODB_DATABASE);
  const generations = new Generations(db);

  const namespace = config.TOPIC_NAMESPACE;
  const definitions = projectionCatalog(namespace);
  const projectors = await Promise.all(
    definitions.map(async (definition) => {
      const { live } = await generations.pointer(definition.name);
      const projector = new Projector({
        kafka,
        db,
        definition,
        collection: generationCollection(definition.name, live),
        groupId: `${config.TOPIC_NAMESPACE}projection.${definition.name}.g${live}`,
        log: (message, fields) => logger.warn({ message, projection: definition.name, ...fields }),
      });
      await projector.start();
      logger.log({ message: 'projecting', projection: definition.name, generation: live });
      return projector;
    }),
  );

  // liveness and readiness for Kubernetes: ready once every projection has joined its group
  const health = createServer((request, response) => {
    const known = request.url === '/health/live' || request.url === '/health/ready';
    response.writeHead(known ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(known ? { status: 'ok' } : { status: 'not found' }));
  }).listen(config.PORT);

  // SIGTERM: finish the batch in hand (its write and commit), leave the groups, close the database
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      health.close();
      void Promise.all(projectors.map((projector) => projector.stop()))
        .then(() => mongo.close())
        .finally(() => process.exit(0));
    });
  }
});
