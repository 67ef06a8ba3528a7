import { DevStackError } from './errors';
import { exportServerAddresses, readDevStackEnv } from './env';

describe('readDevStackEnv', () => {
  it('uses external servers only when both addresses are given', () => {
    const env = readDevStackEnv({ HOME: '/home/dev', KAFKA_BROKERS: 'kafka:9092', MONGODB_URI: 'mongodb://mongo/' });
    expect(env.external).toEqual({ kafkaBrokers: 'kafka:9092', mongoUri: 'mongodb://mongo/' });
    expect(readDevStackEnv({ HOME: '/home/dev' }).external).toBeUndefined();
  });

  it('names the missing half of an external server pair', () => {
    expect(() => readDevStackEnv({ KAFKA_BROKERS: 'kafka:9092' })).toThrow(/MONGODB_URI is not set, but KAFKA_BROKERS is/);
    expect(() => readDevStackEnv({ MONGODB_URI: 'mongodb://mongo/' })).toThrow(/KAFKA_BROKERS is not set, but MONGODB_URI is/);
  });

  it('treats blank values as unset', () => {
    expect(readDevStackEnv({ HOME: '/h', KAFKA_BROKERS: ' ', MONGODB_URI: '' }).external).toBeUndefined();
  });

  it('keeps its cache under XDG_CACHE_HOME, ~/.cache or REWIND_CACHE_DIR', () => {
    expect(readDevStackEnv({ HOME: '/home/dev' }).cacheDir).toBe('/home/dev/.cache/rewind');
    expect(readDevStackEnv({ HOME: '/home/dev', XDG_CACHE_HOME: '/var/cache/dev' }).cacheDir).toBe('/var/cache/dev/rewind');
    expect(readDevStackEnv({ HOME: '/home/dev', REWIND_CACHE_DIR: '/ci/cache' }).cacheDir).toBe('/ci/cache');
  });

  it('keeps the data of `npm start` under XDG_DATA_HOME, ~/.local/share or REWIND_DATA_DIR', () => {
    expect(readDevStackEnv({ HOME: '/home/dev' }).dataDir).toBe('/home/dev/.local/share/rewind');
    expect(readDevStackEnv({ HOME: '/home/dev', XDG_DATA_HOME: '/data' }).dataDir).toBe('/data/rewind');
    expect(readDevStackEnv({ HOME: '/home/dev', REWIND_DATA_DIR: '/srv/rewind-data' }).dataDir).toBe('/srv/rewind-data');
  });

  it('accepts local, containers or nothing as REWIND_INFRA', () => {
    expect(readDevStackEnv({ HOME: '/h' }).requestedInfra).toBe('auto');
    expect(readDevStackEnv({ HOME: '/h', REWIND_INFRA: 'containers' }).requestedInfra).toBe('containers');
    expect(() => readDevStackEnv({ HOME: '/h', REWIND_INFRA: 'docker' })).toThrow(DevStackError);
  });

  it('refuses a heap size the JVM would not take', () => {
    expect(readDevStackEnv({ HOME: '/h', REWIND_KAFKA_HEAP: '1g' }).kafkaHeap).toBe('1g');
    expect(() => readDevStackEnv({ HOME: '/h', REWIND_KAFKA_HEAP: 'lots' })).toThrow(/REWIND_KAFKA_HEAP/);
  });
});

describe('exportServerAddresses', () => {
  it('sets the variables every app and test reads', () => {
    const env: Record<string, string | undefined> = {};
    exportServerAddresses({ kafkaBrokers: '127.0.0.1:1', mongoUri: 'mongodb://127.0.0.1:2/' }, env);
    expect(env).toEqual({ KAFKA_BROKERS: '127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:2/' });
  });

  it('hands on the SASL listener of a stack that has one, and reads it back', () => {
    const env: Record<string, string | undefined> = { HOME: '/h', REWIND_KAFKA_SASL_BROKERS: '127.0.0.1:9' };
    exportServerAddresses({ kafkaBrokers: '127.0.0.1:1', mongoUri: 'mongodb://127.0.0.1:2/', kafkaSaslBrokers: '127.0.0.1:3' }, env);
    expect(readDevStackEnv(env).external).toEqual({ kafkaBrokers: '127.0.0.1:1', mongoUri: 'mongodb://127.0.0.1:2/', kafkaSaslBrokers: '127.0.0.1:3' });
    // a stack without one must not leave an earlier stack's address behind
    exportServerAddresses({ kafkaBrokers: '127.0.0.1:1', mongoUri: 'mongodb://127.0.0.1:2/' }, env);
    expect(env['REWIND_KAFKA_SASL_BROKERS']).toBeUndefined();
  });
});
