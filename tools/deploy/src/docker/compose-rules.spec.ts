import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeExpectations } from './compose-expectations';
import { composeConsistencyProblems, composeSchemaProblems, containerPort, interpolate, keyValues, parseCompose, type ComposeFile } from './compose-rules';
import { composeSchemaFile, COMPOSE_GO_VERSION } from './external-tools';
import { composePath } from './paths';

// the first run on a machine fetches the Compose schema through the Go module proxy
jest.setTimeout(180_000);

const composeText = readFileSync(composePath, 'utf8');
/** docker/compose.yml as Compose sees it when started with no variables set. */
const compose = interpolate(parseCompose(composeText)).document as ComposeFile;

/** The real compose file with one deliberate fault, made on a copy. */
function broken(fault: (services: Record<string, Record<string, unknown>>) => void): ComposeFile {
  const copy = structuredClone(compose) as { services: Record<string, Record<string, unknown>> };
  fault(copy.services);
  return copy;
}

describe('docker/compose.yml against the Compose schema', () => {
  let schema: object = {};

  beforeAll(async () => {
    schema = JSON.parse(readFileSync(await composeSchemaFile(), 'utf8')) as object;
  });

  it(`is the schema of compose-go ${COMPOSE_GO_VERSION}`, () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Compose Specification' });
  });

  it('finds nothing wrong with docker/compose.yml', () => {
    expect(composeSchemaProblems(compose, schema)).toEqual([]);
  });

  it('names a misspelt key', () => {
    const misspelt = broken((services) => {
      services['order-service']!['enviroment'] = services['order-service']!['environment'];
      delete services['order-service']!['environment'];
    });
    expect(composeSchemaProblems(misspelt, schema)).toEqual(['/services/order-service: must NOT have unevaluated properties (enviroment)']);
  });

  it('names a depends_on condition Compose does not know', () => {
    const unknown = broken((services) => {
      services['projector']!['depends_on'] = { mongo: { condition: 'service_ready' } };
    });
    expect(composeSchemaProblems(unknown, schema)).toEqual([
      '/services/projector/depends_on/mongo/condition: must be equal to one of the allowed values (one of service_started, service_healthy, service_completed_successfully)',
    ]);
  });

  it('names a value of the wrong type', () => {
    const notAList = broken((services) => {
      services['rebuild']!['profiles'] = 'rebuild';
    });
    expect(composeSchemaProblems(notAList, schema)).toEqual(['/services/rebuild/profiles: must be array']);
  });
});

describe('fetching the Compose schema', () => {
  it('fails, saying what to install, where Go is missing', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'rewind-compose-schema-'));
    try {
      await expect(composeSchemaFile(cache, join(cache, 'no-go-here'))).rejects.toThrow(/could not run[\s\S]*the compose checks need Go/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('docker/compose.yml against the workspace', () => {
  const expected = composeExpectations();
  const problemsOf = (file: ComposeFile) => composeConsistencyProblems(file, expected);

  it('finds nothing wrong with docker/compose.yml', () => {
    expect(problemsOf(compose)).toEqual([]);
  });

  it('needs nothing from the shell it is started from: every variable has a default', () => {
    expect(interpolate(parseCompose(composeText)).unset).toEqual([]);
  });

  it('wants a service per deployable app, built from docker/Dockerfile with APP set to it', () => {
    expect(problemsOf(broken((services) => delete services['payment-service']))).toEqual([`payment-service: no service built from ${expected.dockerfilePath} with APP=payment-service`]);
    const otherDockerfile = broken((services) => {
      (services['order-service']!['build'] as Record<string, unknown>)['dockerfile'] = 'docker/Other.Dockerfile';
    });
    expect(problemsOf(otherDockerfile)).toEqual([`order-service: no service built from ${expected.dockerfilePath} with APP=order-service`]);
  });

  it("holds each app's environment to the app's own settings, defaults of ${VAR:-default} taken", () => {
    const noMongo = broken((services) => delete (services['projector']!['environment'] as Record<string, unknown>)['MONGODB_URI']);
    expect(problemsOf(noMongo)).toEqual([expect.stringMatching(/^projector: MONGODB_URI: .* \(service projector\)$/)]);
    const noPort = broken((services) => {
      (services['order-service']!['environment'] as Record<string, unknown>)['KAFKA_BROKERS'] = 'kafka';
    });
    expect(problemsOf(noPort)).toEqual(['order-service: KAFKA_BROKERS: expected host:port[,host:port…] (service order-service)']);
    const badDefault = interpolate(parseCompose(composeText.replace('LOG_LEVEL: ${LOG_LEVEL:-info}', 'LOG_LEVEL: ${LOG_LEVEL:-verbose}'))).document as ComposeFile;
    expect(problemsOf(badDefault)).toEqual([expect.stringMatching(/^order-service: LOG_LEVEL: .* \(service order-service\)$/)]);
  });

  it('wants the query API told where its image holds the explorer (EXPLORER_DIR)', () => {
    const environment = (services: Record<string, Record<string, unknown>>) => services['query-api']?.['environment'] as Record<string, unknown>;
    expect(problemsOf(broken((services) => delete environment(services)['EXPLORER_DIR']))).toEqual([
      'query-api: EXPLORER_DIR is unset, so the explorer its image holds in /app/explorer is not served (service query-api)',
    ]);
    const elsewhere = broken((services) => {
      environment(services)['EXPLORER_DIR'] = 'dist/explorer';
    });
    expect(problemsOf(elsewhere)).toEqual(['query-api: EXPLORER_DIR is dist/explorer, but its image holds the explorer in /app/explorer (service query-api)']);
  });

  it('wants each app to publish its PORT', () => {
    const wrongPort = broken((services) => {
      services['shipping-service']!['ports'] = ['3003:3000'];
    });
    expect(problemsOf(wrongPort)).toEqual(['shipping-service: publishes no port to its PORT 3003']);
  });

  it('wants each app to wait for the topics, and for MongoDB when it uses it', () => {
    const early = broken((services) => {
      services['query-api']!['depends_on'] = ['topics'];
    });
    expect(problemsOf(early)).toEqual([
      'query-api: must wait for the topics (depends_on topics: condition service_completed_successfully)',
      'query-api: uses the mongo service, so must wait for it to be healthy (depends_on mongo: condition service_healthy)',
    ]);
  });

  it('wants the Kafka and MongoDB images the dev stack tests against', () => {
    const otherServers = broken((services) => {
      services['kafka']!['image'] = 'apache/kafka:4.0.0';
      services['mongo']!['image'] = 'mongo:8.0';
    });
    expect(problemsOf(otherServers)).toEqual([
      `kafka: image apache/kafka:4.0.0, but the dev stack tests against ${expected.kafkaImage}`,
      `mongo: image mongo:8.0, but the dev stack tests against ${expected.mongoImage}`,
    ]);
  });

  it('wants the topics one-shot, running the generated script, and the script as the generator writes it now', () => {
    const stale = composeConsistencyProblems(compose, { ...expected, topicsScript: { ...expected.topicsScript, onDisk: expected.topicsScript.generated.replace('orders.events 6', 'orders.events 3') } });
    expect(stale).toEqual([`${expected.topicsScript.path} is stale (libs/contracts/src/topics.ts changed): run \`npm run deploy:generate\``]);
    const missing = composeConsistencyProblems(compose, { ...expected, topicsScript: { ...expected.topicsScript, onDisk: undefined } });
    expect(missing).toEqual([`${expected.topicsScript.path} is missing: run \`npm run deploy:generate\``]);
    expect(problemsOf(broken((services) => delete services['topics']))).toContain('no topics service: nothing creates the declared topics (the broker does not auto-create them)');
    const notMounted = broken((services) => {
      services['topics']!['volumes'] = ['./other.sh:/rewind/create-topics.sh:ro'];
    });
    expect(problemsOf(notMounted)).toEqual([`topics: does not mount ${expected.topicsScript.path}`]);
    const otherKafka = broken((services) => {
      services['topics']!['image'] = 'bitnami/kafka:4.1.1';
      services['topics']!['depends_on'] = ['kafka'];
    });
    expect(problemsOf(otherKafka)).toEqual([
      `topics: image bitnami/kafka:4.1.1, but its kafka-topics.sh must be the broker's, ${expected.kafkaImage}`,
      'topics: must wait for kafka to be healthy (depends_on condition service_healthy)',
    ]);
  });

  it('wants the rebuild one-shot: the projector CLI under the profile "rebuild", with the projector settings', () => {
    expect(problemsOf(broken((services) => delete services['rebuild']))).toEqual(['no rebuild service: the one-shot that rebuilds a read model with the projector CLI']);
    expect(problemsOf(broken((services) => delete services['rebuild']!['profiles']))).toEqual(['rebuild: must be under the profile "rebuild", or every `up` would run it']);
    const wrongCommand = broken((services) => {
      services['rebuild']!['command'] = ['node', 'main.js'];
    });
    expect(problemsOf(wrongCommand)).toEqual([
      'rebuild: command ["node","main.js"] must be ["node", <node\'s flags>, "apps/projector/src/cli.js", "rebuild", <projection>]',
      "rebuild: command runs node without --max-semi-space-size=4 --max-old-space-size=256, which the image's CMD gives and a command replaces",
    ]);
    // the command replaces the image's CMD: without the CMD's flags the one-shot would size its heap as V8 pleases
    const withoutFlags = broken((services) => {
      services['rebuild']!['command'] = ['node', '--max-old-space-size=256', 'apps/projector/src/cli.js', 'rebuild', 'orders'];
    });
    expect(problemsOf(withoutFlags)).toEqual(["rebuild: command runs node without --max-semi-space-size=4, which the image's CMD gives and a command replaces"]);
    // a larger heap is a choice, not a mistake
    const largerHeap = broken((services) => {
      services['rebuild']!['command'] = ['node', '--max-semi-space-size=4', '--max-old-space-size=512', 'apps/projector/src/cli.js', 'rebuild', 'orders'];
    });
    expect(problemsOf(largerHeap)).toEqual([]);
    const noBrokers = broken((services) => delete (services['rebuild']!['environment'] as Record<string, unknown>)['KAFKA_BROKERS']);
    expect(problemsOf(noBrokers)).toEqual([expect.stringMatching(/^projector: KAFKA_BROKERS: .* \(service rebuild\)$/)]);
  });
});

describe('compose helpers', () => {
  it('interpolate as Compose does: defaults, given values, $$, and what is left unset', () => {
    const document = { a: '${X:-one}', b: '${X-two}', c: 'x=${Y}', d: '$$HOME', e: ['$Z'], f: 3 };
    expect(interpolate(document)).toEqual({ document: { a: 'one', b: 'two', c: 'x=', d: '$HOME', e: [''], f: 3 }, unset: ['Y', 'Z'] });
    expect(interpolate(document, { X: '', Y: 'y', Z: 'z' }).document).toEqual({ a: 'one', b: '', c: 'x=y', d: '$HOME', e: ['z'], f: 3 });
  });

  it('read both spellings of environment and build args, and the container side of a port', () => {
    expect(keyValues(['A=1', 'B=x=y', 'C'])).toEqual({ A: '1', B: 'x=y', C: undefined });
    expect(keyValues({ A: 1, B: null })).toEqual({ A: '1', B: undefined });
    expect(['3001:3001', '127.0.0.1:3002:3005/tcp', 3004].map(containerPort)).toEqual(['3001', '3005', '3004']);
    expect(containerPort({ target: 3003 })).toBe('3003');
  });
});
