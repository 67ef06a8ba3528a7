import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appSettings, commonSettings, ConfigError, kafkaClientSettings, mongoClientOptions, mongoSettings, port, readConfig, serviceSettings } from './config';

const schema = appSettings({ ...commonSettings, PORT: port(3001) });
const withMongo = appSettings({ ...commonSettings, ...mongoSettings });

/** The ConfigError that reading `env` throws, or a failure if it reads. */
function refusal(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('readConfig', () => {
  const auth = { AUTH_ISSUER: 'https://issuer.example/', AUTH_AUDIENCE: 'rewind', AUTH_JWKS_URL: 'https://issuer.example/jwks' };
  it('reads and converts the settings, with defaults', () => {
    expect(readConfig(schema, { KAFKA_BROKERS: 'a:9092, b:9093' })).toEqual({
      KAFKA_BROKERS: ['a:9092', 'b:9093'],
      LOG_LEVEL: 'info',
      TOPIC_NAMESPACE: '',
      COMMAND_TIMEOUT_MS: 5000,
      KAFKA_TLS: false,
      PORT: 3001,
    });
  });

  it('names every setting at fault at once', () => {
    let error: unknown;
    try {
      readConfig(schema, { KAFKA_BROKERS: 'no-port', PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
  });

  it('needs the issuer, the audience and one source of its keys where tokens are verified, and names what is missing or bad', () => {
    const service = appSettings(serviceSettings(3001));
    expect(readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092' })).toMatchObject({ AUTH_ALGORITHMS: ['RS256', 'ES256'], AUTH_ROLES_CLAIM: 'roles', AUTH_CLOCK_TOLERANCE_S: 30 });
    const names = (env: Record<string, string>) => refusal(() => readConfig(service, { KAFKA_BROKERS: 'a:9092', ...env })).problems.map((problem) => problem.split(':')[0]);
    expect(names({})).toEqual(['AUTH_ISSUER', 'AUTH_AUDIENCE']);
    expect(names({ AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toEqual(['AUTH_JWKS_URL']);
    expect(names({ ...auth, AUTH_JWKS_FILE: '/etc/jwks.json' })).toEqual(['AUTH_JWKS_FILE']);
    expect(names({ ...auth, AUTH_ALGORITHMS: 'RS256,HS256' })).toEqual(['AUTH_ALGORITHMS.1']);
    expect(names({ ...auth, AUTH_ALGORITHMS: 'none' })).toEqual(['AUTH_ALGORITHMS.0']);
    expect(names({ ...auth, AUTH_JWKS_URL: 'file:///etc/jwks.json' })).toEqual(['AUTH_JWKS_URL']);
    expect(names({ ...auth, AUTH_ROLES_CLAIM: 'realm access' })).toEqual(['AUTH_ROLES_CLAIM']);
  });

  it('leaves a service’s batch deadline to the event store unless set, and refuses one that is not a number of ms', () => {
    const service = appSettings(serviceSettings(3001));
    expect(readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092' }).BATCH_DEADLINE_MS).toBeUndefined();
    expect(readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092', BATCH_DEADLINE_MS: '120000' }).BATCH_DEADLINE_MS).toBe(120_000);
    expect(refusal(() => readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092', BATCH_DEADLINE_MS: 'soon' })).problems).toEqual([expect.stringMatching(/^BATCH_DEADLINE_MS: /)]);
  });

  it('reads the partition stores’ directory, the cache size and the idempotency window, and refuses what would not work', () => {
    const service = appSettings(serviceSettings(3001));
    const defaults = readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092' });
    expect([defaults.STATE_DIR, defaults.AGGREGATE_CACHE_ENTRIES, defaults.IDEMPOTENCY_WINDOW_MS]).toEqual([undefined, 10_000, 7 * 24 * 60 * 60 * 1000]);
    const set = readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092', STATE_DIR: '/var/lib/rewind', AGGREGATE_CACHE_ENTRIES: '1000', IDEMPOTENCY_WINDOW_MS: '86400000' });
    expect([set.STATE_DIR, set.AGGREGATE_CACHE_ENTRIES, set.IDEMPOTENCY_WINDOW_MS]).toEqual(['/var/lib/rewind', 1000, 86_400_000]);
    const bad = refusal(() =>
      readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092', STATE_DIR: 'state', AGGREGATE_CACHE_ENTRIES: '0', IDEMPOTENCY_WINDOW_MS: String(8 * 24 * 60 * 60 * 1000) }),
    );
    // a window longer than the outcomes topic keeps them would promise what the log cannot give back
    expect(bad.problems.map((problem) => problem.split(':')[0])).toEqual(['STATE_DIR', 'AGGREGATE_CACHE_ENTRIES', 'IDEMPOTENCY_WINDOW_MS']);
    expect(bad.problems[0]).toContain('expected an absolute path');
  });

  it('reads where the other instances reach this one and their shared credential, and refuses what would not work', () => {
    const service = appSettings(serviceSettings(3001));
    const unset = readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092' });
    expect([unset.ADVERTISED_URL, unset.INTERNAL_TOKEN]).toEqual([undefined, undefined]);
    const given = { ...auth, KAFKA_BROKERS: 'a:9092', ADVERTISED_URL: 'http://10.0.0.7:3001', INTERNAL_TOKEN: 'x'.repeat(32) };
    expect(readConfig(service, given)).toMatchObject({ ADVERTISED_URL: 'http://10.0.0.7:3001', INTERNAL_TOKEN: 'x'.repeat(32) });
    const problems = refusal(() => readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092', ADVERTISED_URL: '10.0.0.7:3001', INTERNAL_TOKEN: 'short' })).problems;
    expect(problems).toEqual([expect.stringMatching(/^ADVERTISED_URL: expected an http:\/\/ or https:\/\/ URL/), expect.stringMatching(/^INTERNAL_TOKEN: expected at least 32 characters/)]);
    expect(refusal(() => readConfig(service, { ...auth, KAFKA_BROKERS: 'a:9092', ADVERTISED_URL: 'http://10.0.0.7:3001/orders' })).problems).toEqual([
      expect.stringMatching(/^ADVERTISED_URL: expected no path/),
    ]);
  });

  it('refuses a missing required setting by name', () => {
    expect(() => readConfig(schema, {})).toThrow(/KAFKA_BROKERS/);
  });

  it('never puts a setting’s value in its message: a password inside a malformed MONGODB_URI, or a SASL one', () => {
    const error = refusal(() =>
      readConfig(withMongo, {
        KAFKA_BROKERS: 'kafka:9092',
        MONGODB_URI: 'mongdb://rewind:mongo-secret-4711@mongo:27017/',
        KAFKA_SASL_MECHANISM: 'plain-text',
        KAFKA_SASL_PASSWORD: 'sasl-secret-0815',
        KAFKA_TLS: 'sasl-secret-0815',
      }),
    );
    expect(error.problems.map((problem) => problem.split(':')[0])).toEqual(['KAFKA_SASL_MECHANISM', 'KAFKA_TLS', 'MONGODB_URI', 'KAFKA_SASL_USERNAME']);
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
      expect(text).not.toContain('mongo-secret-4711');
      expect(text).not.toContain('sasl-secret-0815');
    }
  });
});

describe('Kafka SASL and TLS settings', () => {
  const base = { KAFKA_BROKERS: 'kafka:9093' };

  it('are off unless set: a plaintext connection without authentication', () => {
    expect(kafkaClientSettings(readConfig(schema, base))).toEqual({ ssl: false });
  });

  it('become kafkajs’s sasl and ssl options', () => {
    const config = readConfig(schema, { ...base, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'rewind', KAFKA_SASL_PASSWORD: 'pw', KAFKA_TLS: 'true' });
    expect(kafkaClientSettings(config)).toEqual({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'rewind', password: 'pw' } });
    expect(kafkaClientSettings(readConfig(schema, { ...base, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }))).toEqual({
      ssl: false,
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
    });
  });

  it('need a user name and a password with a mechanism, naming the one missing, along with any other problem', () => {
    expect(refusal(() => readConfig(schema, { ...base, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'rewind' })).problems).toEqual([
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set',
    ]);
    expect(refusal(() => readConfig(schema, { ...base, KAFKA_SASL_MECHANISM: 'scram-sha-256', PORT: 'eighty' })).problems).toEqual([
      expect.stringMatching(/^PORT: /),
      'KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set',
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set',
    ]);
  });

  it('read the CA file at boot, and a file that cannot be read stops the process naming its setting, not its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rewind-ca-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(kafkaClientSettings(readConfig(schema, { ...base, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: ca }))).toEqual({ ssl: { ca: [expect.stringContaining('BEGIN CERTIFICATE')] } });

    const missing = join(dir, 'no-such-ca.pem');
    const error = refusal(() => kafkaClientSettings(readConfig(schema, { ...base, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: missing })));
    expect(error.problems).toEqual(['KAFKA_TLS_CA_FILE: the file cannot be read (ENOENT)']);
    expect(refusal(() => readConfig(schema, { ...base, KAFKA_TLS_CA_FILE: ca })).problems).toEqual(['KAFKA_TLS: must be true when KAFKA_TLS_CA_FILE is set']);
  });
});

describe('MongoDB client options', () => {
  const base = { KAFKA_BROKERS: 'kafka:9092', MONGODB_URI: 'mongodb://rewind:pw@mongo/?tls=true' };
  const members = 'mongodb://mongodb-0.mongodb:27017,mongodb-1.mongodb:27017/?replicaSet=rs0&tls=true&authMechanism=SCRAM-SHA-256';

  it('are none unless set: the dev stack’s FerretDB takes no credentials and no TLS, and a URI may carry its own', () => {
    expect(mongoClientOptions(readConfig(withMongo, { KAFKA_BROKERS: 'kafka:9092', MONGODB_URI: 'mongodb://127.0.0.1:27017/' }))).toEqual({});
    expect(mongoClientOptions(readConfig(withMongo, base))).toEqual({});
  });

  it('sign in as MONGODB_USERNAME with MONGODB_PASSWORD, beside a URI without credentials: no password in the URI, none to encode', () => {
    const password = 'p@ss/w:rd%41';
    const config = readConfig(withMongo, { ...base, MONGODB_URI: members, MONGODB_USERNAME: 'projector', MONGODB_PASSWORD: password });
    expect(mongoClientOptions(config)).toEqual({ auth: { username: 'projector', password } });
  });

  it('need both the user name and the password, naming the one missing, and never both the URI’s credentials and these', () => {
    expect(refusal(() => readConfig(withMongo, { ...base, MONGODB_URI: members, MONGODB_USERNAME: 'projector' })).problems).toEqual([
      'MONGODB_PASSWORD: required when MONGODB_USERNAME is set',
    ]);
    expect(refusal(() => readConfig(withMongo, { ...base, MONGODB_URI: members, MONGODB_PASSWORD: 'pw' })).problems).toEqual([
      'MONGODB_USERNAME: required when MONGODB_PASSWORD is set',
    ]);
    const both = refusal(() => readConfig(withMongo, { ...base, MONGODB_USERNAME: 'projector', MONGODB_PASSWORD: 'mongo-secret-4711' }));
    expect(both.problems).toEqual(['MONGODB_USERNAME: give the credentials in MONGODB_URI or in MONGODB_USERNAME and MONGODB_PASSWORD, not both']);
    expect(both.message).not.toContain('mongo-secret-4711');
    // a config built by hand does not get past the client options either
    expect(refusal(() => mongoClientOptions({ MONGODB_USERNAME: 'projector' })).problems).toEqual(['MONGODB_PASSWORD: required when MONGODB_USERNAME is set']);
  });

  it('refuse a CA file for a URI that does not ask for TLS: the driver would connect in the clear and never read it', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'rewind-ca-')), 'ca.pem');
    writeFileSync(ca, 'pem');
    expect(refusal(() => readConfig(withMongo, { ...base, MONGODB_URI: 'mongodb://mongo/?replicaSet=rs0', MONGODB_TLS_CA_FILE: ca })).problems).toEqual([
      'MONGODB_URI: must ask for TLS (tls=true) when MONGODB_TLS_CA_FILE is set',
    ]);
    expect(refusal(() => readConfig(withMongo, { ...base, MONGODB_URI: 'mongodb://mongo/?tls=false', MONGODB_TLS_CA_FILE: ca })).problems).toEqual([
      'MONGODB_URI: must ask for TLS (tls=true) when MONGODB_TLS_CA_FILE is set',
    ]);
    // ssl is the older name of the same option, and an SRV URI asks for TLS unless it says otherwise
    for (const uri of ['mongodb://mongo/?ssl=true', 'mongodb://mongo/?TLS=TRUE', 'mongodb+srv://cluster.example.com/']) {
      expect(mongoClientOptions(readConfig(withMongo, { ...base, MONGODB_URI: uri, MONGODB_TLS_CA_FILE: ca }))).toEqual({ tlsCAFile: ca });
    }
  });

  it('pass a CA file that exists to the driver, and stop on one that does not, naming its setting', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'rewind-ca-')), 'ca.pem');
    writeFileSync(ca, 'pem');
    expect(mongoClientOptions(readConfig(withMongo, { ...base, MONGODB_TLS_CA_FILE: ca }))).toEqual({ tlsCAFile: ca });
    expect(refusal(() => mongoClientOptions(readConfig(withMongo, { ...base, MONGODB_TLS_CA_FILE: `${ca}.gone` }))).problems).toEqual([
      'MONGODB_TLS_CA_FILE: the file cannot be read (ENOENT)',
    ]);
  });
});
