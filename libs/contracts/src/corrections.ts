import { z } from 'zod';
import { idSchema } from './envelope';

// Corrections (docs/corrections.md): a mistake in the log is never edited away. It is corrected by a
// new event, decided by the aggregate's own decider, that names the event it corrects and why. Who
// asked for it is the envelope's business (its actor), as for every other event.

/**
 * Why a correction was made, in the operator's words: a ticket, a bug, a call with the customer.
 * Not blank; the class is spelt out, since other regex engines (a fuzzer's) read `\S` otherwise.
 */
export const correctionReasonSchema = z.string().min(1).max(500).regex(/[^ \t\n\r\f\v]/, 'expected the reason in words');

/**
 * What every correction names: `corrects`, the `eventId` of the event whose fact it replaces (the
 * one that set the value it corrects), and the `reason`.
 */
export const correctionSchema = z.object({ corrects: idSchema, reason: correctionReasonSchema });

/**
 * What an event that follows a correction in another aggregate names: `correction`, the `eventId` of
 * the correction it follows (a refund that settles a repricing, a shipment that takes a corrected
 * address). The explorer links the two.
 */
export const followsCorrectionSchema = z.object({ correction: idSchema });

export type Correction = z.infer<typeof correctionSchema>;
