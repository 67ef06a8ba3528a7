import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { DevStackError } from './errors';
import { ensureInstalled } from './install-cache';
import { keptPorts, requireTool, runCommand, startServer, waitUntilReady, type ServerProcess } from './processes';
import { KAFKA_LOG4J_VERSION, KAFKA_SCALA, KAFKA_VERSION } from './versions';

export const JAVA_HINT = 'install a Java 17+ runtime, e.g. `apt-get install openjdk-17-jre-headless`';
const MAVEN_HINT = 'install Maven, e.g. `apt-get install maven` (it resolves the Kafka jars from Maven Central)';

export interface LocalKafka {
  readonly brokers: string;
  /** The same broker through a SASL_PLAINTEXT listener (PLAIN, LOCAL_SASL_USER): proves the apps' SASL settings. */
  readonly saslBrokers: string;
  readonly server: ServerProcess;
}

/** The one user of the local broker's SASL listener. Fixed and public: it guards nothing. */
export const LOCAL_SASL_USER = { username: 'rewind-test', password: 'rewind-test-password' } as const;

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
  if (!existsSync(join(logDir, 'meta.properties'))) await formatStorage(jvm, propertiesFile);

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
  await warmUpCoordinators(brokers);
  return { brokers, saslBrokers: `127.0.0.1:${saslPort}`, server };
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

/** Formats a fresh node's storage (KRaft needs it before the first start). */
export async function formatStorage(jvm: readonly string[], propertiesFile: string): Promise<void> {
  const format = await runCommand('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', propertiesFile]);
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
    // a second listener that requires SASL PLAIN with one fixed user: a test connects through it
    // with the apps' own SASL settings (kafkaClientSettings), the right password and a wrong one
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN',
    `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${LOCAL_SASL_USER.username}="${LOCAL_SASL_USER.password}";`,
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
