import { ConfigError } from '@rewind/service-kit';
import { projectorConfig } from './config';

const servers = { KAFKA_BROKERS: 'kafka:9092', MONGODB_URI: 'mongodb://mongo:27017' };

/** The problems reading `env` reports, or a failure if it reads. */
function problems(env: Record<string, string>): string[] {
  try {
    projectorConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('the projector’s settings', () => {
  it('fetch at most 512 KiB per projection consumer unless told otherwise', () => {
    expect(projectorConfig(servers).PROJECTION_FETCH_MAX_BYTES).toBe(512 * 1024);
    expect(projectorConfig({ ...servers, PROJECTION_FETCH_MAX_BYTES: '4194304' }).PROJECTION_FETCH_MAX_BYTES).toBe(4 * 1024 * 1024);
  });

  it.each(['lots', '1000', String(128 * 1024 * 1024), '1.5'])('refuse a fetch size of %s, naming the setting', (value) => {
    expect(problems({ ...servers, PROJECTION_FETCH_MAX_BYTES: value })).toEqual([expect.stringMatching(/^PROJECTION_FETCH_MAX_BYTES: /)]);
  });
});
