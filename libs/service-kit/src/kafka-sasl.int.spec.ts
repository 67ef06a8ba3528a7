import { LOCAL_SASL_USER, testServers } from '@rewind/testing';
import { Kafka, logLevel } from 'kafkajs';
import { appSettings, commonSettings, kafkaClientSettings, readConfig } from './config';

// The apps' SASL settings against a real broker: the local dev stack's Kafka has a second
// listener that requires SASL PLAIN (LOCAL_SASL_USER). A client built from the settings the way
// every app builds one gets in with the right password and is refused with a wrong one.
const saslBrokers = testServers().kafkaSaslBrokers;

/** Asks the SASL listener for the cluster, as a client built from these settings. */
async function describeCluster(password: string): Promise<number> {
  const config = readConfig(appSettings(commonSettings), {
    KAFKA_BROKERS: saslBrokers,
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: LOCAL_SASL_USER.username,
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
    expect(await describeCluster(LOCAL_SASL_USER.password)).toBe(1);
  });

  it('is refused with a wrong password', async () => {
    await expect(describeCluster(`${LOCAL_SASL_USER.password}-wrong`)).rejects.toThrow(/SASL PLAIN authentication failed|Authentication failed/i);
  });
});
