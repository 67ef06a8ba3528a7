import { LOCAL_SASL_MECHANISM, localKafkaCredentials, testServers } from '@rewind/testing';
import { Kafka, logLevel } from 'kafkajs';
import { appSettings, commonSettings, kafkaClientSettings, readConfig } from './config';

// The apps' SASL settings against a real broker: the local dev stack's Kafka has a second
// listener that requires SCRAM-SHA-512, with a user per app (LOCAL_KAFKA_USERS). A client built
// from the settings the way every app builds one gets in with the right password and is refused
// with a wrong one. What each user may do there is tools/deploy's kafka-acls.int.spec.ts.
const saslBrokers = testServers().kafkaSaslBrokers;
const user = localKafkaCredentials('order-service');

/** Asks the SASL listener for the cluster, as a client built from these settings. */
async function describeCluster(password: string): Promise<number> {
  const config = readConfig(appSettings(commonSettings), {
    KAFKA_BROKERS: saslBrokers,
    KAFKA_SASL_MECHANISM: LOCAL_SASL_MECHANISM,
    KAFKA_SASL_USERNAME: user.username,
    KAFKA_SASL_PASSWORD: password,
  });
  const admin = new Kafka({ clientId: 'sasl-it', brokers: config.KAFKA_BROKERS, logLevel: logLevel.NOTHING, retry: { retries: 0 }, ...kafkaClientSettings(config) }).admin();
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length;
  } finally {
    await admin.disconnect();
  }
}

// skipped, and counted as skipped, where the servers have no SASL listener: only the local stack
// (jars) has one; containers and external servers have none
(saslBrokers ? describe : describe.skip)('Kafka SASL through kafkaClientSettings', () => {
  it('connects with the right password', async () => {
    expect(await describeCluster(user.password)).toBe(1);
  });

  it('is refused with a wrong password', async () => {
    await expect(describeCluster(`${user.password}-wrong`)).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
  });
});
