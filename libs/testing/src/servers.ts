import { readDevStackEnv, type ServerAddresses } from '@rewind/dev-stack';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { uniqueName } from './unique-name';

/** The servers the jest global setup found or started for this run. */
export function testServers(): ServerAddresses {
  const external = readDevStackEnv().external;
  if (!external) {
    throw new Error('KAFKA_BROKERS / MONGODB_URI are not set: run integration tests through their `int` target, whose global setup provides the servers');
  }
  return external;
}

export function testKafka(clientId: string, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId, brokers: testServers().kafkaBrokers.split(','), logLevel: logLevel.ERROR, ...config });
}

export interface TestDatabase {
  readonly client: MongoClient;
  readonly db: Db;
  /** Drops the database and closes the client. */
  dispose(): Promise<void>;
}

/** A fresh database of the suite's own, dropped again by `dispose`. */
export async function testDatabase(prefix: string): Promise<TestDatabase> {
  const client = await MongoClient.connect(testServers().mongoUri);
  const db = client.db(uniqueName(prefix));
  return {
    client,
    db,
    async dispose() {
      await db.dropDatabase();
      await client.close();
    },
  };
}
