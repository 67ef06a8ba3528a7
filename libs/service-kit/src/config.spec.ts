import { z } from 'zod';
import { commonSettings, ConfigError, port, readConfig } from './config';

const schema = z.object({ ...commonSettings, PORT: port(3001) });

describe('readConfig', () => {
  it('reads and converts the settings, with defaults', () => {
    expect(readConfig(schema, { KAFKA_BROKERS: 'a:9092, b:9093' })).toEqual({
      KAFKA_BROKERS: ['a:9092', 'b:9093'],
      LOG_LEVEL: 'info',
      TOPIC_NAMESPACE: '',
      COMMAND_TIMEOUT_MS: 5000,
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

  it('refuses a missing required setting by name', () => {
    expect(() => readConfig(schema, {})).toThrow(/KAFKA_BROKERS/);
  });
});
