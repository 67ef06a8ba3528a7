import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevStackError } from './errors';
import { answersMetadata, formatStorage, installKafka, JAVA_HINT, kafkaJvmArgs, LOG4J2_CONFIG, singleNodeProperties, warmUpCoordinators } from './kafka-local';
import { freePort, requireTool, startServer, waitUntilReady, type ServerProcess } from './processes';
import { KAFKA_VERSION } from './versions';

/**
 * A broker of a fault test's own: the same single node as the dev stack's, but one that can be
 * SIGKILLed and started again on the same data directory and the same ports, so that clients
 * reconnect to the address they already know — a crash and restart as a broker pod has them.
 */
export interface KafkaNode {
  /** The plain listener, advertised as itself: what the test's own clients use. */
  readonly brokers: string;
  /**
   * The listener for clients that reach the broker through a proxy, when one was asked for: the
   * port the proxy forwards to. It advertises the proxy's address, so that the metadata a client
   * gets keeps it behind the proxy.
   */
  readonly proxiedPort: number | undefined;
  readonly logFile: string;
  /** How often the broker was started, the first time included. */
  readonly starts: number;
  /** SIGKILL: no shutdown, no flush; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same data and ports; resolves when it answers metadata. */
  start(): Promise<void>;
  /**
   * SIGSTOP: the broker freezes with every connection open, as in a long GC pause or a VM stall;
   * clients see no reset, only silence, and the group coordinator's session clocks run on.
   */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

export async function startKafkaNode(options: {
  cacheDir: string;
  workDir: string;
  heap: string;
  /** `host:port` a proxy listens on; the broker advertises it on a listener of its own. */
  proxiedAddress?: string;
}): Promise<KafkaNode> {
  await requireTool('java', ['-version'], JAVA_HINT);
  const libs = await installKafka(options.cacheDir);
  const dataDir = join(options.workDir, 'kafka');
  mkdirSync(dataDir, { recursive: true });
  const [port, controllerPort] = [await freePort(), await freePort()];
  const proxiedPort = options.proxiedAddress === undefined ? undefined : await freePort();
  const listeners = [`PLAINTEXT://127.0.0.1:${port}`, `CONTROLLER://127.0.0.1:${controllerPort}`, ...(proxiedPort === undefined ? [] : [`PROXIED://127.0.0.1:${proxiedPort}`])];
  const advertised = [`PLAINTEXT://127.0.0.1:${port}`, ...(options.proxiedAddress === undefined ? [] : [`PROXIED://${options.proxiedAddress}`])];
  const propertiesFile = join(dataDir, 'server.properties');
  writeFileSync(
    propertiesFile,
    `${[
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=${listeners.join(',')}`,
      `advertised.listeners=${advertised.join(',')}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT',
      ...singleNodeProperties(join(dataDir, 'data')),
      // a restarted node cannot register while its previous incarnation's session lasts (9 s by
      // default): a short one lets it come back sooner after a SIGKILL
      'broker.heartbeat.interval.ms=500',
      'broker.session.timeout.ms=2000',
    ].join('\n')}\n`,
  );
  const log4jFile = join(dataDir, 'log4j2.xml');
  writeFileSync(log4jFile, LOG4J2_CONFIG);
  const jvm = kafkaJvmArgs({ libs, heap: options.heap, log4jFile, dataDir });
  await formatStorage(jvm, propertiesFile);

  const brokers = `127.0.0.1:${port}`;
  const logFile = join(dataDir, 'kafka.out');
  let server: ServerProcess | undefined;
  let starts = 0;
  const start = async () => {
    if (server && !server.hasExited()) throw new DevStackError('the Kafka node is already running');
    starts += 1;
    server = startServer({ name: `Kafka ${KAFKA_VERSION} (node)`, command: 'java', args: [...jvm, 'kafka.Kafka', propertiesFile], cwd: dataDir, logFile, cleanupDir: options.workDir });
    await waitUntilReady(server, () => answersMetadata(brokers), 120_000);
    // after a crash, the coordinators load their state again before they answer
    await warmUpCoordinators(brokers);
  };
  await start();
  return {
    brokers,
    proxiedPort,
    logFile,
    get starts() {
      return starts;
    },
    async kill() {
      const running = server;
      if (!running || running.hasExited()) return;
      try {
        // the broker leads its own process group (startServer): the whole group goes at once
        process.kill(-running.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await running.exited;
      // ends the leash that watched it
      await running.stop();
    },
    start,
    pause() {
      if (server && !server.hasExited()) process.kill(-server.pid, 'SIGSTOP');
    },
    resume() {
      if (server && !server.hasExited()) process.kill(-server.pid, 'SIGCONT');
    },
    async stop() {
      await server?.stop();
    },
  };
}
