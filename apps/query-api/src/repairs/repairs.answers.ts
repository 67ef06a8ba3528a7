import { correctShippingAddressContract, repriceOrderLinesContract, reverseShipmentDeliveryContract } from '@rewind/contracts';
import type { CorrectionCommand, EntryResult, PlanEntry } from '@rewind/repairs';
import { z } from 'zod';
import { describes } from '../openapi/describes';
import type { PlanDocument } from './repairs';

// @rewind/repairs and this feature's PlanDocument own these shapes; the schemas are held to them (see describes).

const instant = z.string().meta({ format: 'date-time' });
const count = z.int().min(0);
const stream = z.enum(['orders', 'shipments']);

/** `GET /repairs`: a repair there is, with its parameters as a JSON Schema. */
export const repairKindSchema = z.object({
  name: z.string().describe('How `POST /repairs/plans` and `npm run repair` name it'),
  summary: z.string().describe('What the bug did'),
  stream,
  params: z
    .looseObject({
      // JSON Schema allows `true`/`false` for a property's schema; zod writes objects, but the type says both
      properties: z.record(z.string(), z.union([z.boolean(), z.looseObject({ description: z.string().optional() })])).optional(),
      required: z.array(z.string()).optional(),
    })
    .describe('Its parameters, as a JSON Schema of an object of strings'),
});
export type RepairKind = z.infer<typeof repairKindSchema>;

/** What became of an entry when the plan was applied. */
export const repairResultSchema = describes<EntryResult>()(
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('corrected'), version: z.int().min(1) }).describe('Corrected now, at this version'),
    z.object({ status: z.literal('already-corrected'), version: z.int().min(1) }).describe('Corrected by an earlier run of this plan'),
    z.object({ status: z.literal('changed'), planVersion: z.int().min(1), version: z.int().min(1) }).describe('The aggregate changed since the plan: skipped'),
    z.object({ status: z.literal('refused'), code: z.string(), message: z.string() }).describe('Its decider refused the correction'),
    z
      .object({ status: z.enum(['rejected', 'failed', 'reused']), reason: z.string() })
      .describe('The command was malformed, its handler failed, or its id was used for another command'),
    z.object({ status: z.literal('pending') }).describe('No answer in time: apply the plan again to learn it'),
  ]),
);

const holds = z.record(z.string(), z.unknown()).describe('What the aggregate holds now, for the reviewer');

/** A planned correction, one of the commands with its own data (the library's `Pick` of the union is not distributed). */
type PlannedCorrection = CorrectionCommand extends infer C ? (C extends CorrectionCommand ? Pick<C, 'type' | 'data'> : never) : never;

/** One aggregate a plan corrects. */
export const repairPlanEntrySchema = describes<Omit<PlanEntry, 'correction'> & { readonly correction: PlannedCorrection }>()(
  z.object({
    aggregateId: z.string(),
    version: z.int().min(1).describe('The version the plan saw: the correction is sent expecting it'),
    commandId: z.string(),
    correction: z.discriminatedUnion('type', [
      z.object({ type: z.literal(correctShippingAddressContract.type), data: correctShippingAddressContract.schema }),
      z.object({ type: z.literal(repriceOrderLinesContract.type), data: repriceOrderLinesContract.schema }),
      z.object({ type: z.literal(reverseShipmentDeliveryContract.type), data: reverseShipmentDeliveryContract.schema }),
    ]),
    holds,
    money: z.object({ currency: z.string(), cents: z.int().describe('Negative goes back to the customer') }).optional(),
    note: z.string(),
  }),
);

/** A plan as `POST /repairs/plans` and its apply answer it: everything but its entries. */
export const repairPlanSchema = describes<Omit<PlanDocument, '_id'>>()(
  z.object({
    planId: z.string(),
    repair: z.string(),
    summary: z.string(),
    params: z.record(z.string(), z.string()),
    stream,
    topic: z.string().describe('The events topic read, with its namespace'),
    createdAt: instant,
    status: z
      .enum(['planning', 'planned', 'failed', 'applying', 'applied', 'incomplete'])
      .describe('`incomplete`: applied, with entries skipped, refused or unanswered (applying again retries them)'),
    progress: z.object({ done: count, total: count }).describe('Of the read while planning; of the entries while applying'),
    error: z.string().optional(),
    read: z
      .object({ records: count, aggregates: count, endOffsets: z.array(z.object({ partition: z.int().min(0), offset: z.string() })) })
      .describe('How far the log was read: every record up to these end offsets'),
    left: z
      .array(z.object({ aggregateId: z.string(), version: z.int().min(0), holds, reason: z.string() }))
      .describe('Aggregates the bug touched that the plan leaves as they are, and why'),
    unreadable: z.array(z.object({ aggregateId: z.string(), reason: z.string() })).describe('Aggregates whose history could not be read: not assessed'),
    totals: z.object({
      corrections: count,
      left: count,
      unreadable: count,
      money: z.array(z.object({ currency: z.string(), refundCents: count.describe('Back to customers'), chargeCents: count.describe('More to charge') })),
    }),
    application: z
      .object({ startedAt: instant, finishedAt: instant.optional(), counts: z.record(z.string(), count).describe('Entries by result status') })
      .optional(),
  }),
);

/** Of `GET /repairs/plans`: a plan without what it leaves and cannot read. */
export const repairPlanSummarySchema = repairPlanSchema.omit({ left: true, unreadable: true });

/** `GET /repairs/plans`: the latest plans, newest first. */
export const repairPlanListSchema = z.object({ plans: z.array(repairPlanSummarySchema) });

/** `GET /repairs/plans/:planId`: the plan with every entry, each with what became of it once applied. */
export const repairPlanDetailSchema = repairPlanSchema.extend({
  entries: z.array(repairPlanEntrySchema.extend({ result: repairResultSchema.optional(), resultAt: instant.optional() })),
});
