import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, KafkaJSSASLAuthenticationError, logLevel } from 'kafkajs';
import { DevStackError } from './errors';
import { ensureInstalled } from './install-cache';
import { keptPorts, requireTool, runCommand, startServer, waitUntilReady, type ServerProcess } from './processes';
import { KAFKA_LOG4J_VERSION, KAFKA_SCALA, KAFKA_VERSION } from './versions';

export const JAVA_HINT = 'install a Java 17+ runtime, e.g. `apt-get install openjdk-17-jre-headless`';
const MAVEN_HINT = 'install Maven, e.g. `apt-get install maven` (it resolves the Kafka jars from Maven Central)';

export interface LocalKafka {
  readonly brokers: string;
  /** The same broker through a SASL_PLAINTEXT listener (SCRAM-SHA-512, LOCAL_KAFKA_USERS, ACLs apply): proves the apps' SASL settings and ACLs. */
  readonly saslBrokers: string;
  readonly server: ServerProcess;
}

/**
 * The users of the local broker's SASL listener: one per app, named as the prod overlay's
 * KafkaUsers (k8s/overlays/prod/kafka-users.yaml), and nobody else.
 */
export const LOCAL_KAFKA_USERS = ['order-service', 'payment-service', 'shipping-service', 'projector', 'query-api'] as const;
export type LocalKafkaUser = (typeof LOCAL_KAFKA_USERS)[number];
/** The SASL mechanism of the local SASL listener: production's (Strimzi's `scram-sha-512`), as KAFKA_SASL_MECHANISM names it. */
export const LOCAL_SASL_MECHANISM = 'scram-sha-512';

/** A user's credentials on the local broker. Fixed and public: the listener is on loopback and guards nothing. */
export function localKafkaCredentials(user: LocalKafkaUser): { readonly username: string; readonly password: string } {
  return { username: user, password: `${user}-local-password` };
}

/** The Kafka release jars, resolved once from Maven Central into the cache. */
export async function installKafka(cacheDir: string): Promise<string> {
  const home = join(cacheDir, `kafka-${KAFKA_VERSION}`);
  await ensureInstalled(home, `Apache Kafka ${KAFKA_VERSION}`, async (dir) => {
    await requireTool('mvn', ['-v'], MAVEN_HINT);
    writeFileSync(join(dir, 'pom.xml'), kafkaPom());
    const { code, output } = await runCommand(
      'mvn',
      ['-B', '-q', '-f', 'pom.xml', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=libs'],
      { cwd: dir },
    );
    if (code !== 0) {
      throw new DevStackError(
        `resolving org.apache.kafka:kafka_${KAFKA_SCALA}:${KAFKA_VERSION} from Maven Central failed:\n${output.slice(-3000)}`,
        'check that Maven Central is reachable (and any proxy in ~/.m2/settings.xml), then start again',
      );
    }
  });
  return join(home, 'libs');
}

/**
 * One node that is broker and controller at once (KRaft), with the single-node replication settings
 * and topic auto-creation off. Its storage is formatted only when `workDir` holds none yet: a node
 * started again on kept data (`keepData`, what `npm start` does) keeps its cluster id, its metadata
 * and every topic. It takes the loopback ports it had last time when they are free, so the
 * addresses stay the same from one start to the next; other ports do too, since KRaft re-registers
 * the broker's listeners at each start.
 */
export async function startLocalKafka(options: { cacheDir: string; workDir: string; heap: string; keepData?: boolean }): Promise<LocalKafka> {
  await requireTool('java', ['-version'], JAVA_HINT);
  const libs = await installKafka(options.cacheDir);

  const dataDir = join(options.workDir, 'kafka');
  mkdirSync(dataDir, { recursive: true });
  const { port, controllerPort, saslPort } = await keptPorts(join(dataDir, 'ports.json'), ['port', 'controllerPort', 'saslPort']);
  const propertiesFile = join(dataDir, 'server.properties');
  const logDir = join(dataDir, 'data');
  writeFileSync(propertiesFile, serverProperties({ port, controllerPort, saslPort, logDir }));
  const log4jFile = join(dataDir, 'log4j2.xml');
  writeFileSync(log4jFile, LOG4J2_CONFIG);

  const jvm = kafkaJvmArgs({ libs, heap: options.heap, log4jFile, dataDir });

  // meta.properties holds the cluster id: formatting again would refuse, or with a new id lose the log
  if (!existsSync(join(logDir, 'meta.properties'))) await formatStorage(jvm, propertiesFile, scramCredentialArgs());

  const brokers = `127.0.0.1:${port}`;
  const server = startServer({
    name: `Kafka ${KAFKA_VERSION}`,
    command: 'java',
    args: [...jvm, 'kafka.Kafka', propertiesFile],
    cwd: dataDir,
    logFile: join(dataDir, 'kafka.out'),
    cleanupDir: options.keepData ? undefined : options.workDir,
  });
  await waitUntilReady(server, () => answersMetadata(brokers), 90_000);
  const saslBrokers = `127.0.0.1:${saslPort}`;
  await ensureScramUsers({ libs, log4jFile, dataDir, brokers, saslBrokers });
  await warmUpCoordinators(brokers);
  return { brokers, saslBrokers, server };
}

/** Whether kafkajs refused a sign-in: its retrier wraps the refusal, the cause chain holds it. */
export function isAuthenticationFailure(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth++) {
    if (cause instanceof KafkaJSSASLAuthenticationError) return true;
  }
  return false;
}

/** `--add-scram` arguments of the storage format: every local user's SCRAM-SHA-512 credential, in the metadata from the start. */
function scramCredentialArgs(): string[] {
  return LOCAL_KAFKA_USERS.flatMap((user) => ['--add-scram', `SCRAM-SHA-512=[name=${user},password=${localKafkaCredentials(user).password}]`]);
}

/**
 * The SCRAM credentials live in the KRaft metadata, written when the storage is formatted. Data
 * kept from before the listener took these users (or a password changed since) lacks some: each user
 * who cannot sign in is given its credential through the plain listener (Kafka's ConfigCommand, a
 * JVM each, so only for the missing ones), and a kept directory starts without a wipe.
 */
async function ensureScramUsers(p: { libs: string; log4jFile: string; dataDir: string; brokers: string; saslBrokers: string }): Promise<void> {
  const missing = await usersWhoCannotSignIn(p.saslBrokers);
  if (missing.length === 0) return;
  // a log directory of its own: the broker writes server.log in dataDir
  const jvm = kafkaJvmArgs({ libs: p.libs, heap: '256m', log4jFile: p.log4jFile, dataDir: join(p.dataDir, 'tools') });
  for (const user of missing) {
    const { code, output } = await runCommand('java', [
      ...jvm,
      'kafka.admin.ConfigCommand',
      '--bootstrap-server',
      p.brokers,
      '--alter',
      '--entity-type',
      'users',
      '--entity-name',
      user,
      '--add-config',
      `SCRAM-SHA-512=[password=${localKafkaCredentials(user).password}]`,
    ]);
    if (code !== 0) throw new DevStackError(`adding the SCRAM credential of Kafka user ${user} failed:\n${output.slice(-3000)}`);
  }
  // the broker applies a credential once it has read it from the metadata log, a moment after the controller took it
  for (const deadline = Date.now() + 30_000; ; await sleep(200)) {
    const still = await usersWhoCannotSignIn(p.saslBrokers);
    if (still.length === 0) return;
    if (Date.now() > deadline) throw new DevStackError(`Kafka users ${still.join(', ')} still cannot sign in through the SASL listener after their credentials were added`);
  }
}

/** The local users whose SCRAM sign-in the SASL listener refuses. */
async function usersWhoCannotSignIn(saslBrokers: string): Promise<LocalKafkaUser[]> {
  const refused: LocalKafkaUser[] = [];
  for (const user of LOCAL_KAFKA_USERS) {
    const admin = new Kafka({
      clientId: 'rewind-dev-stack',
      brokers: saslBrokers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      sasl: { mechanism: LOCAL_SASL_MECHANISM, ...localKafkaCredentials(user) },
    }).admin();
    try {
      await admin.connect();
    } catch (error) {
      if (!isAuthenticationFailure(error)) throw error;
      refused.push(user);
    } finally {
      await admin.disconnect();
    }
  }
  return refused;
}

/**
 * A new broker creates its group and transaction coordinators' topics on first use and answers
 * "coordinator not available / loading" meanwhile. Asking once here makes "ready" mean ready for
 * consumer groups and transactions too, instead of every first test retrying through it.
 */
export async function warmUpCoordinators(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'rewind-dev-stack',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ transactionalId: 'rewind-dev-stack-warm-up', idempotent: true, maxInFlightRequests: 1 });
  await admin.connect();
  try {
    await admin.describeGroups(['rewind-dev-stack-warm-up']);
    await producer.connect();
    // kafkajs sends a transactional InitProducerId (to the transaction coordinator) only here
    const transaction = await producer.transaction();
    await transaction.abort();
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

/** Ready means a client can fetch cluster metadata, which is what every app does first. */
export async function answersMetadata(brokers: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'rewind-dev-stack',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

/** The JVM options and classpath of a broker run from the cached jars. */
export function kafkaJvmArgs(p: { libs: string; heap: string; log4jFile: string; dataDir: string }): string[] {
  return [
    `-Xms256m`,
    `-Xmx${p.heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${p.log4jFile}`,
    `-Dkafka.logs.dir=${p.dataDir}`,
    '-cp',
    `${p.libs}/*`,
  ];
}

/** Formats a fresh node's storage (KRaft needs it before the first start); `extraArgs` such as `--add-scram`. */
export async function formatStorage(jvm: readonly string[], propertiesFile: string, extraArgs: readonly string[] = []): Promise<void> {
  const format = await runCommand('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', propertiesFile, ...extraArgs]);
  if (format.code !== 0) throw new DevStackError(`formatting the Kafka storage failed:\n${format.output}`);
}

/** Kafka's cluster ids are 16 random bytes in URL-safe base64; Kafka itself avoids a leading '-'. */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(p: { port: number; controllerPort: number; saslPort: number; logDir: string }): string {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${p.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${p.port},CONTROLLER://127.0.0.1:${p.controllerPort},SASL_PLAINTEXT://127.0.0.1:${p.saslPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${p.port},SASL_PLAINTEXT://127.0.0.1:${p.saslPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    // a second listener that requires SCRAM-SHA-512, as production's does, with a user per app
    // (LOCAL_KAFKA_USERS, their credentials in the metadata): tests connect through it with the
    // apps' own SASL settings (kafkaClientSettings)
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-512',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    // every request is authorised by the ACLs in the metadata (KRaft's own authorizer), and a
    // resource without an ACL is nobody's: what the prod overlay's brokers do (authorization: simple)
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    // The plain and controller listeners authenticate nobody: their clients are User:ANONYMOUS, a
    // super user. The controller and the broker itself talk through them, and so do every other
    // test and `npm start`'s apps, which sign in as no one locally. Local only: every listener is on
    // loopback. The SASL listener is where the ACLs apply (tools/deploy's kafka-acls.int.spec.ts).
    'super.users=User:ANONYMOUS',
    ...singleNodeProperties(p.logDir),
  ].join('\n')}\n`;
}

/** What every local node has besides its listeners: one replica of everything, no auto-created topics. */
export function singleNodeProperties(logDir: string): string[] {
  return [
    `log.dirs=${logDir}`,
    // one node: every internal topic has a single replica
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // fewer internal partitions than the default 50: they are created on first use, in a test's time
    'offsets.topic.num.partitions=6',
    'transaction.state.log.num.partitions=6',
    // tests join groups constantly; production keeps the 3 s default
    'group.initial.rebalance.delay.ms=0',
    // topics are declared once (libs/contracts) and provisioned, never created by a typo
    'auto.create.topics.enable=false',
    'num.partitions=1',
  ];
}

export const LOG4J2_CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="warn">
  <Appenders>
    <File name="server" fileName="\${sys:kafka.logs.dir}/server.log">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="server"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.controller" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
  </Loggers>
</Configuration>
`;

function kafkaPom(): string {
  const dependency = (artifact: string) =>
    `<dependency><groupId>org.apache.kafka</groupId><artifactId>${artifact}</artifactId><version>${KAFKA_VERSION}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by Rewind's dev stack: the runtime classpath of a Kafka broker and its tools. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.rewind</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    ${dependency(`kafka_${KAFKA_SCALA}`)}
    ${dependency('kafka-tools')}
    <!-- the release tarball ships this binding; without it Kafka's slf4j logging goes nowhere -->
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${KAFKA_LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
`;
}
