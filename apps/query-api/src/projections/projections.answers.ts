import type { GenerationComparison, ProjectionStatus } from '@rewind/projection-runtime';
import { z } from 'zod';
import { describes } from '../openapi/describes';

// The projection runtime owns these shapes; the schemas are held to its types (see describes).

const instant = z.string().meta({ format: 'date-time' });
const records = z.int().min(0);

/** `GET /projections/:name` (and each of `GET /projections`, and the answer to a rebuild request). */
export const projectionStatusSchema = describes<ProjectionStatus>()(
  z.object({
    name: z.string(),
    live: z.int().min(1).describe('The generation queries read'),
    state: z.enum(['live', 'rebuilding', 'failed']),
    lag: z
      .object({
        records: records.describe('Records of the source topics the live generation has not folded in yet'),
        partitions: z.array(
          z.object({
            topic: z.string(),
            partition: z.int().min(0),
            position: records.describe("The group's committed offset; the partition's start when it has committed nothing yet"),
            end: records,
            lag: records,
          }),
        ),
        measuredAt: instant,
      })
      .describe('How far the live generation is behind the log'),
    rebuild: z
      .object({
        generation: z.int().min(1),
        requestedAt: instant,
        percent: z.int().min(0).max(100),
        progress: z
          .object({
            done: records.describe('Records of the source partitions folded so far (transaction markers count)'),
            total: records,
            ratePerSecond: z.int().min(0),
            etaSeconds: z.int().min(0).optional().describe('Unknown until a rate has been seen'),
            updatedAt: instant,
          })
          .optional(),
        error: z.string().optional(),
      })
      .optional()
      .describe('The rebuild under way (or failed), when there is one'),
    retired: z.array(z.object({ generation: z.int().min(1), dropAfter: instant })).describe('Generations no longer live, waiting out their grace period'),
  }),
);

const generationPair = z.tuple([z.int().min(1), z.int().min(1)]);

/** `POST /projections/:name/verify`: what verify found between two generations. */
export const generationComparisonSchema = describes<GenerationComparison>()(
  z.object({
    projection: z.string(),
    generations: generationPair,
    documents: z.tuple([records, records]).describe('Documents in each generation'),
    onlyIn: z.tuple([z.array(z.string()), z.array(z.string())]).describe('Ids found in one generation only, the first few of each'),
    different: z.array(z.object({ id: z.string(), path: z.string() })).describe('Documents in both that differ, with the first path where they do; the first few'),
    differences: records.describe('All differences, counted even past the few listed'),
    inFlight: z
      .object({ count: records, ids: z.array(z.string()) })
      .describe('Documents the live generation changed after the positions compared at, while verify ran: not compared'),
    alignment: z
      .discriminatedUnion('aligned', [
        z.object({ aligned: z.literal(true), foldedForward: z.array(z.object({ generation: z.int().min(1), records })) }),
        z.object({ aligned: z.literal(false), reason: z.string() }),
      ])
      .describe('How both generations were brought to the same log positions, or why they were compared as stored'),
  }),
);
