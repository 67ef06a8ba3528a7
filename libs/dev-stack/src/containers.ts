import { existsSync } from 'node:fs';
import type { ServerAddresses } from './env';
import { warmUpCoordinators } from './kafka-local';
import { freePort } from './processes';
import { KAFKA_IMAGE, MONGO_IMAGE } from './versions';

export interface ContainerStack extends ServerAddresses {
  stop(): Promise<void>;
}

/**
 * Whether a Docker engine answers. Cheap checks first: without a socket or DOCKER_HOST there is
 * nothing to ask, and loading testcontainers' client would only time out.
 */
export async function dockerIsReachable(dockerHostConfigured: boolean): Promise<boolean> {
  if (!dockerHostConfigured && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * The same two servers as the local stack, as containers: `apache/kafka` of the pinned version
 * in KRaft mode, and `mongo` as a one-node replica set. Testcontainers' reaper removes them if
 * this process dies without stopping them.
 */
export async function startContainerStack(): Promise<ContainerStack> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');

  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  // The advertised listener must name the host port, so the port is chosen before the start.
  const kafkaPort = await freePort();
  const [kafka, mongo] = await Promise.all([
    new GenericContainer(KAFKA_IMAGE)
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
    new MongoDBContainer(MONGO_IMAGE).start(),
  ]);

  await warmUpCoordinators(`${host}:${kafkaPort}`);
  return {
    kafkaBrokers: `${host}:${kafkaPort}`,
    mongoUri: `${mongo.getConnectionString()}?directConnection=true`,
    async stop() {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}
