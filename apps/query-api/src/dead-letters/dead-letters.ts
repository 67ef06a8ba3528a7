import { HttpStatus } from '@nestjs/common';
import { readDeadLetters, type DeadLetter } from '@rewind/dead-letters';
import { HttpProblem, problemType } from '@rewind/service-kit';
import type { Admin, Kafka } from 'kafkajs';
import { QueryParams } from '../read-models/query-params';

export const DEAD_LETTER_LIMIT = { default: 100, max: 1000 } as const;

export interface DeadLetterQuery {
  readonly consumer?: string;
  readonly key?: string;
  readonly limit: number;
}

/** `GET /dead-letters?consumer=&key=&limit=`, checked; a 400 names every parameter at fault. */
export function parseDeadLetterQuery(query: Readonly<Record<string, unknown>>): DeadLetterQuery {
  const params = new QueryParams(query, ['consumer', 'key', 'limit']);
  const consumer = params.text('consumer');
  if (consumer !== undefined && (consumer.length < 1 || consumer.length > 249)) params.fail('consumer', 'expected a consumer group name, 1 to 249 characters');
  const key = params.text('key');
  if (key !== undefined && (key.length < 1 || key.length > 200)) params.fail('key', 'expected 1 to 200 characters');
  const limit = params.limit('limit', DEAD_LETTER_LIMIT);
  return params.done({ ...(consumer === undefined ? {} : { consumer }), ...(key === undefined ? {} : { key }), limit });
}

/** A dead letter as the API shows it: the value as text when it is UTF-8, else in base64. */
export function deadLetterView(letter: DeadLetter) {
  const { value, ...rest } = letter;
  if (value === null) return { ...rest, value: null };
  const text = value.toString('utf8');
  return Buffer.from(text, 'utf8').equals(value) ? { ...rest, value: text } : { ...rest, valueBase64: value.toString('base64') };
}

/** The installation's dead letters, read from their topic on each request (it is small, and only operators ask). */
export class DeadLetters {
  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly topic: string,
  ) {}

  async list(query: DeadLetterQuery) {
    const letters = await readDeadLetters(this.kafka, this.admin, this.topic).catch((error: unknown) => {
      throw new HttpProblem({
        type: problemType('dead-letters-unavailable'),
        title: 'The dead letters could not be read',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `Kafka did not answer: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
    const matching = letters.filter(
      (letter) => (query.consumer === undefined || letter.consumer === query.consumer) && (query.key === undefined || letter.key === query.key),
    );
    return { total: matching.length, deadLetters: matching.slice(0, query.limit).map(deadLetterView) };
  }
}
