import { HttpStatus } from '@nestjs/common';
import { REDACTED } from '@rewind/contracts';
import { ConsumerNotRunning, deadLetterView, readDeadLetterLedger, requestReplay, type DeadLetterLedger } from '@rewind/dead-letters';
import { HttpProblem, parseBody, problemType } from '@rewind/service-kit';
import type { Admin, Kafka } from 'kafkajs';
import { z } from 'zod';
import { QueryParams } from '../read-models/query-params';

export const DEAD_LETTER_LIMIT = { default: 100, max: 1000 } as const;

/** A consumer group's name, as Kafka allows it. */
const consumerName = z.string().min(1).max(249).regex(/^[A-Za-z0-9._-]+$/, 'expected a consumer group name: letters, digits, ".", "_" and "-"');
const keyText = z.string().min(1).max(200);

export interface DeadLetterQuery {
  readonly consumer?: string;
  readonly key?: string;
  readonly limit: number;
}

/** `GET /dead-letters?consumer=&key=&limit=`, checked; a 400 names every parameter at fault. */
export function parseDeadLetterQuery(query: Readonly<Record<string, unknown>>): DeadLetterQuery {
  const params = new QueryParams(query, ['consumer', 'key', 'limit']);
  const consumer = params.text('consumer');
  if (consumer !== undefined && !consumerName.safeParse(consumer).success) params.fail('consumer', 'expected a consumer group name, 1 to 249 of letters, digits, ".", "_" and "-"');
  const key = params.text('key');
  if (key !== undefined && !keyText.safeParse(key).success) params.fail('key', 'expected 1 to 200 characters');
  const limit = params.limit('limit', DEAD_LETTER_LIMIT);
  return params.done({ ...(consumer === undefined ? {} : { consumer }), ...(key === undefined ? {} : { key }), limit });
}

/** `POST /dead-letters/replay`: which consumer is to handle its letters again; one key, or all it holds. */
export const replayRequestSchema = z.strictObject({ consumer: consumerName, key: keyText.optional() });
export type ReplayRequest = z.infer<typeof replayRequestSchema>;
export const parseReplayRequest = (body: unknown): ReplayRequest => parseBody(replayRequestSchema, body);

/** The installation's dead letters, read from their topic on each request (it is small, and only operators ask). */
export class DeadLetters {
  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly topic: string,
  ) {}

  /** The letters that still hold their keys (a replay releases them), oldest first per key. */
  async list(query: DeadLetterQuery) {
    const holds = (await this.ledger()).list(query);
    const letters = holds.flatMap((hold) => hold.letters.map((letter) => withoutPaymentTokens(deadLetterView(letter, hold.replayRequested))));
    return { total: letters.length, deadLetters: letters.slice(0, query.limit) };
  }

  /**
   * Asks the consumer to handle the matching letters again; a 404 when it holds none of them, a 409
   * when no member of the group runs (nobody would carry the request out).
   */
  async replay(request: ReplayRequest, at: Date) {
    const holds = await this.kafkaCall(() =>
      requestReplay(this.kafka, this.admin, this.topic, request, () => at).catch((error: unknown) => {
        if (!(error instanceof ConsumerNotRunning)) throw error;
        throw new HttpProblem({
          type: problemType('consumer-not-running'),
          title: 'The consumer group has no member running',
          status: HttpStatus.CONFLICT,
          detail: error.message,
          consumer: error.consumer,
        });
      }),
    );
    if (holds.length === 0) {
      throw new HttpProblem({
        type: problemType('no-dead-letters'),
        title: 'Nothing to replay',
        status: HttpStatus.NOT_FOUND,
        detail: `${request.consumer} holds no dead letters${request.key === undefined ? '' : ` of key ${request.key}`}`,
      });
    }
    return {
      consumer: request.consumer,
      requestedAt: at.toISOString(),
      // requestReplay answers only holds with a key (a keyless record cannot be replayed by key)
      keys: holds.flatMap((hold) => (hold.key === null ? [] : [{ key: hold.key, topic: hold.topic, letters: hold.letters.length }])),
    };
  }

  private ledger(): Promise<DeadLetterLedger> {
    return this.kafkaCall(() => readDeadLetterLedger(this.kafka, this.admin, this.topic));
  }

  private async kafkaCall<T>(call: () => Promise<T>): Promise<T> {
    return call().catch((error: unknown) => {
      if (error instanceof HttpProblem) throw error;
      throw new HttpProblem({
        type: problemType('dead-letters-unavailable'),
        title: 'The dead letters could not be read',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `Kafka did not answer: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  }
}

/**
 * A dead letter as shown, its payment tokens replaced: the record is shown as it was, and may not
 * even be JSON (that may be why it was dead-lettered), so the fields are found in its text.
 */
function withoutPaymentTokens<T extends object>(letter: T): T {
  if (!('value' in letter) || typeof letter.value !== 'string') return letter;
  return { ...letter, value: letter.value.replace(/("(?:paymentToken|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, `$1"${REDACTED}"`) };
}
