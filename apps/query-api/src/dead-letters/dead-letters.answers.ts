import type { deadLetterView } from '@rewind/dead-letters';
import { z } from 'zod';
import { covers } from '../openapi/describes';
import type { DeadLetters } from './dead-letters';

const position = z.object({ topic: z.string(), partition: z.int().min(0), offset: z.string().describe('As Kafka gives it: a string') });

/** A dead letter as operators are shown it (`deadLetterView` of @rewind/dead-letters, held to it). */
export const deadLetterSchema = covers<ReturnType<typeof deadLetterView>>()(
  z.object({
    id: z.string(),
    consumer: z.string().describe('The consumer group that gave up on the record'),
    reason: z.string(),
    source: position.describe('Where the record sits in its topic'),
    heldBehind: position.optional().describe('For a record held behind another letter of its key: that letter'),
    at: z.string().meta({ format: 'date-time' }),
    key: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    replayRequested: z.boolean(),
    value: z.string().nullable().optional().describe('The record as text, when it is UTF-8 (null for a record without one); else valueBase64'),
    valueBase64: z.string().optional().describe('The record in base64, when it is not UTF-8'),
  }),
);

/** `GET /dead-letters`. */
export const deadLetterListSchema = covers<Awaited<ReturnType<DeadLetters['list']>>>()(
  z.object({
    total: z.int().min(0).describe('Every letter that matched, also past `limit`'),
    deadLetters: z.array(deadLetterSchema),
  }),
);

/** `POST /dead-letters/replay`: 202. */
export const replayAnswerSchema = covers<Awaited<ReturnType<DeadLetters['replay']>>>()(
  z.object({
    consumer: z.string(),
    requestedAt: z.string().meta({ format: 'date-time' }),
    keys: z.array(z.object({ key: z.string(), topic: z.string(), letters: z.int().min(1) })).describe('The keys whose letters the consumer will handle again'),
  }),
);
