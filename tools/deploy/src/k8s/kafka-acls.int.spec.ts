import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEAD_LETTER_TOPIC, serviceTopicNames, topics } from '@rewind/contracts';
import { LOCAL_KAFKA_USERS, localKafkaCredentials, readDevStackEnv, type LocalKafkaUser } from '@rewind/dev-stack';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, Partitioners, ResourcePatternTypes, type Admin, type AclEntry, type KafkaConfig } from 'kafkajs';
import { deployableApps, workspaceRoot } from '../apps';
import { kafkaUserAcls } from './kafka-acls';
import { renderOverlay } from './overlays';
import type { KubeObject } from './render';
import { containerEnvironment } from './rules';

// The prod overlay's Kafka ACLs (k8s/overlays/prod/kafka-users.yaml), tried against a real broker
// with an authorizer on: the local stack's Kafka, whose SASL listener takes a SCRAM-SHA-512 user
// per app and authorises every request by ACLs. The suite creates each KafkaUser's ACLs on topics
// of its own namespace (as TOPIC_NAMESPACE moves an installation's topics, groups and
// transactional ids), then signs in as each app with that app's own client settings: its prod
// environment, read by its own schema and turned into kafkajs's settings by kafkaClientSettings as
// every app does, with only the address, the password and TLS (none locally) replaced.
// Containers and external servers have no such listener: the suite is skipped there.

/** kafkaClientSettings of @rewind/service-kit, required by path as apps.ts requires the apps' schemas: a tool does not import the runtime libraries. */
const { kafkaClientSettings } = require(join(workspaceRoot, 'libs', 'service-kit', 'src', 'config.ts')) as {
  kafkaClientSettings: (settings: unknown) => Pick<KafkaConfig, 'ssl' | 'sasl'>;
};

const servers = readDevStackEnv().external;
const saslBrokers = servers?.kafkaSaslBrokers;
const namespace = `acl-${randomUUID().slice(0, 8)}.`;
const named = (topic: string) => `${namespace}${topic}`;

/** The command service each service's user is, by its topics' (and transactional ids') prefix. */
const SERVICES: Partial<Record<LocalKafkaUser, 'orders' | 'payments' | 'shipments'>> = { 'order-service': 'orders', 'payment-service': 'payments', 'shipping-service': 'shipments' };

/**
 * The secrets a deployment gets out of band: Kafka's password as the local broker has it; stand-ins
 * for the rest, which no Kafka client reads (INTERNAL_TOKEN: any 32+ characters; MONGODB_PASSWORD).
 */
const outOfBand = (user: LocalKafkaUser): Record<string, string> => ({
  KAFKA_SASL_PASSWORD: localKafkaCredentials(user).password,
  INTERNAL_TOKEN: randomBytes(32).toString('hex'),
  MONGODB_PASSWORD: randomBytes(16).toString('hex'),
});

/**
 * What the app's own deployment in the prod overlay would hand kafkajs, pointed at the local SASL
 * listener: its environment as the overlay renders it, read by the app's schema, then kafkaClientSettings.
 */
function appKafkaConfig(objects: readonly KubeObject[], user: LocalKafkaUser, overrides: Record<string, string> = {}): KafkaConfig {
  const app = deployableApps().find((candidate) => candidate.name === user);
  const workload = objects.find((object) => (object.kind === 'StatefulSet' || object.kind === 'Deployment') && object.metadata.name === user);
  const container = (workload?.['spec'] as { template: { spec: { containers: Parameters<typeof containerEnvironment>[2][] } } } | undefined)?.template.spec.containers[0];
  if (!app || !workload || !container) throw new Error(`the prod overlay deploys no app ${user}`);
  const { env, problems, unchecked } = containerEnvironment(objects, workload, container);
  const secrets = outOfBand(user);
  const unknown = unchecked.filter((name) => secrets[name] === undefined);
  if (problems.length > 0 || unknown.length > 0) throw new Error(`${user}'s environment: ${[...problems, ...unknown.map((name) => `${name} has no local stand-in`)].join('; ')}`);
  const local: Record<string, string | undefined> = { ...env, ...secrets, KAFKA_BROKERS: saslBrokers, KAFKA_TLS: 'false', KAFKA_TLS_CA_FILE: undefined, TOPIC_NAMESPACE: namespace, ...overrides };
  const config = app.settings.parse(local) as { KAFKA_BROKERS: string[] };
  return { clientId: user, brokers: config.KAFKA_BROKERS, logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 100 }, ...kafkaClientSettings(config) };
}

/** Every `type` (Kafka's error code name) and error name in a kafkajs error, its causes and its aggregated errors. */
function errorTypes(error: unknown, depth = 0): string[] {
  if (!(error instanceof Error) || depth > 10) return [];
  const { type, errors } = error as Error & { type?: string; errors?: unknown[] };
  return [error.name, ...(type === undefined ? [] : [type]), ...errorTypes(error.cause, depth + 1), ...(errors ?? []).flatMap((inner) => errorTypes(inner, depth + 1))];
}

/** The error a promise is rejected with; a promise that resolves fails the test, naming what it resolved to. */
async function refusal(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a refusal, but it succeeded: ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/**
 * One record written as the app writes it: a command service its events in a transaction of its
 * command processor's transactional id (libs/event-store's partition owner); commands and dead
 * letters, and everything the projector and the query API write, with an idempotent producer.
 */
async function write(config: KafkaConfig, user: LocalKafkaUser, topic: string): Promise<void> {
  const kafka = new Kafka(config);
  const service = SERVICES[user];
  const message = { key: randomUUID(), value: JSON.stringify({ by: user }) };
  if (service === undefined || !topic.endsWith('.events')) {
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic: named(topic), messages: [message] });
    } finally {
      await producer.disconnect();
    }
    return;
  }
  const producer = kafka.producer({
    transactionalId: named(`${service}.command-processor-p0`),
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const transaction = await producer.transaction();
    try {
      await transaction.send({ topic: named(topic), messages: [message] });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  } finally {
    await producer.disconnect();
  }
}

(saslBrokers ? describe : describe.skip)('the prod overlay\'s Kafka ACLs on a broker that authorises by them', () => {
  const objects = renderOverlay('prod');
  const users = objects.filter((object) => object.kind === 'KafkaUser');
  const namespacedTopics = topics.map((topic) => named(topic.name));
  let admin: Admin;
  let granted: AclEntry[];

  /** The topic's end offset for a read_committed reader (kafkajs's admin reads committed). */
  const endOffset = async (topic: string) => Number((await admin.fetchTopicOffsets(topic))[0]?.high ?? -1);

  beforeAll(async () => {
    // the plain listener's client is a super user (the dev stack's server.properties): it sets the scene
    admin = new Kafka({ clientId: 'kafka-acls-it', brokers: (servers?.kafkaBrokers ?? '').split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    // one partition each: what is tried is who may write, not where
    await admin.createTopics({ topics: namespacedTopics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    granted = users.flatMap((user) => kafkaUserAcls(user, namespace));
    await admin.createAcls({ acl: granted });
    // the broker's authorizer applies the ACLs once it has read them from the metadata log
    const principals = new Set(granted.map((acl) => acl.principal));
    for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
      const described = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      const seen = described.resources.flatMap((resource) =>
        resource.acls.filter((acl) => principals.has(acl.principal) && (resource.resourceName.startsWith(namespace) || resource.resourceType === AclResourceTypes.CLUSTER)),
      );
      if (seen.length >= granted.length) break;
      if (Date.now() > deadline) throw new Error(`the broker shows ${seen.length} of the ${granted.length} ACLs created`);
    }
  });

  afterAll(async () => {
    // this run's ACLs go; the cluster ones (Describe, IdempotentWrite) are the same in every run and
    // stay, since a run on the same broker at the same time needs them
    try {
      if (granted) await admin.deleteAcls({ filters: granted.filter((acl) => acl.resourceType !== AclResourceTypes.CLUSTER) });
    } finally {
      await admin?.disconnect();
    }
  });

  it('has a local user for every KafkaUser of the prod overlay, and none besides', () => {
    expect(users.map((user) => user.metadata.name).sort()).toEqual([...LOCAL_KAFKA_USERS].sort());
  });

  // who may write where, written out here rather than read from the ACLs under test
  it.each<[LocalKafkaUser, string, 'writes' | 'is refused']>([
    ['order-service', serviceTopicNames('orders').events, 'writes'],
    ['order-service', serviceTopicNames('payments').events, 'is refused'],
    ['order-service', DEAD_LETTER_TOPIC, 'writes'],
    ['payment-service', serviceTopicNames('payments').events, 'writes'],
    ['payment-service', serviceTopicNames('orders').events, 'is refused'],
    ['shipping-service', serviceTopicNames('shipments').events, 'writes'],
    ['shipping-service', serviceTopicNames('orders').commands, 'is refused'],
    ['projector', DEAD_LETTER_TOPIC, 'writes'],
    ['projector', serviceTopicNames('orders').events, 'is refused'],
    ['query-api', serviceTopicNames('orders').commands, 'writes'],
    ['query-api', serviceTopicNames('orders').events, 'is refused'],
    ['query-api', serviceTopicNames('payments').commands, 'is refused'],
  ])('%s, with its own client settings, %s %s', async (user, topic, outcome) => {
    const before = await endOffset(named(topic));
    const writing = write(appKafkaConfig(objects, user), user, topic);
    if (outcome === 'writes') {
      await writing;
      // the end offset a read_committed reader sees: a transaction's record counts once its commit
      // marker is written, which the broker does just after the commit returns
      let after = before;
      for (const deadline = Date.now() + 30_000; after === before && Date.now() < deadline; await sleep(100)) after = await endOffset(named(topic));
      expect(after).toBeGreaterThan(before);
    } else {
      expect(errorTypes(await refusal(writing))).toContain('TOPIC_AUTHORIZATION_FAILED');
      expect(await endOffset(named(topic))).toBe(before);
    }
  });

  it.each([...LOCAL_KAFKA_USERS])('%s may neither create nor delete a topic', async (user) => {
    const service = SERVICES[user];
    const own = service === undefined ? DEAD_LETTER_TOPIC : serviceTopicNames(service).events;
    const app = new Kafka(appKafkaConfig(objects, user)).admin();
    await app.connect();
    try {
      // a topic under its own prefix, where it may write
      const created = refusal(app.createTopics({ topics: [{ topic: named(`${own}.made-by-${user}`), numPartitions: 1 }] }));
      expect(errorTypes(await created)).toContain('TOPIC_AUTHORIZATION_FAILED');
      const deleted = refusal(app.deleteTopics({ topics: namespacedTopics, timeout: 10_000 }));
      expect(errorTypes(await deleted)).toContain('TOPIC_AUTHORIZATION_FAILED');
    } finally {
      await app.disconnect();
    }
    const left = (await admin.listTopics()).filter((topic) => topic.startsWith(namespace));
    expect(left.sort()).toEqual([...namespacedTopics].sort());
  });

  it('refuses a wrong password and a user of no app', async () => {
    const attempts: Record<string, string>[] = [{ KAFKA_SASL_PASSWORD: `${localKafkaCredentials('order-service').password}-wrong` }, { KAFKA_SASL_USERNAME: 'rewind-test' }];
    for (const overrides of attempts) {
      const app = new Kafka(appKafkaConfig(objects, 'order-service', overrides)).admin();
      expect(errorTypes(await refusal(app.connect().then(() => app.listTopics())))).toContain('KafkaJSSASLAuthenticationError');
      await app.disconnect();
    }
  });

  it('refuses an anonymous client: one without SASL on the SASL listener', async () => {
    const { sasl, ...anonymous } = appKafkaConfig(objects, 'order-service');
    expect(sasl).toBeDefined();
    const app = new Kafka({ ...anonymous, connectionTimeout: 5_000, retry: { retries: 0 } }).admin();
    // the broker closes the connection at the first request that is not the SASL handshake
    expect(errorTypes(await refusal(app.connect().then(() => app.listTopics())))).toContain('KafkaJSConnectionClosedError');
    await app.disconnect();
  });
});
