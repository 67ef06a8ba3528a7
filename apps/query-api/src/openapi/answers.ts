import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { addressSchema, orderLineSchema } from '@rewind/contracts';
import { orderCorrectionSchema, orderTimelineSchema, orderViewSchema, timelineEntrySchema } from '@rewind/orders-read-models';
import { paymentSettlementSchema, paymentViewSchema } from '@rewind/payments-read-models';
import { shipmentViewSchema } from '@rewind/shipping-read-models';
import { z } from 'zod';
import { deadLetterListSchema, deadLetterSchema, replayAnswerSchema } from '../dead-letters/dead-letters.answers';
import { correctionMarkSchema, orderPageSchema, orderStateSchema, repricedLineSchema, repricingSchema, rewoundOrderSchema } from '../orders/orders.answers';
import { callerSchema } from '../me/me.answers';
import { generationComparisonSchema, projectionStatusSchema } from '../projections/projections.answers';
import {
  repairKindSchema,
  repairPlanDetailSchema,
  repairPlanEntrySchema,
  repairPlanListSchema,
  repairPlanSchema,
  repairPlanSummarySchema,
  repairResultSchema,
} from '../repairs/repairs.answers';

/**
 * The query API's answers, each named once: the document lists them under `components.schemas`
 * and every answer refers to its own, so a client (the explorer's generated types) gets one type
 * per shape, by name. The names are part of the contract with the explorer.
 */
const answers = z.registry<{ id: string }>();
const named: readonly [string, z.ZodType][] = [
  ['Address', addressSchema],
  ['OrderLine', orderLineSchema],
  ['OrderCorrection', orderCorrectionSchema],
  ['OrderView', orderViewSchema],
  ['OrderPage', orderPageSchema],
  ['TimelineEntry', timelineEntrySchema],
  ['OrderTimeline', orderTimelineSchema],
  ['RepricedLine', repricedLineSchema],
  ['Repricing', repricingSchema],
  ['OrderState', orderStateSchema],
  ['CorrectionMark', correctionMarkSchema],
  ['RewoundOrder', rewoundOrderSchema],
  ['PaymentSettlement', paymentSettlementSchema],
  ['PaymentView', paymentViewSchema],
  ['ShipmentView', shipmentViewSchema],
  ['ProjectionStatus', projectionStatusSchema],
  ['GenerationComparison', generationComparisonSchema],
  ['DeadLetter', deadLetterSchema],
  ['DeadLetterList', deadLetterListSchema],
  ['ReplayAnswer', replayAnswerSchema],
  ['RepairKind', repairKindSchema],
  ['RepairResult', repairResultSchema],
  ['RepairPlanEntry', repairPlanEntrySchema],
  ['RepairPlan', repairPlanSchema],
  ['RepairPlanSummary', repairPlanSummarySchema],
  ['RepairPlanList', repairPlanListSchema],
  ['RepairPlanDetail', repairPlanDetailSchema],
  ['Caller', callerSchema],
];
for (const [id, schema] of named) answers.add(schema, { id });

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** A named answer's schema, as a reference into the document's components. */
export function answerRef(schema: z.ZodType): ReferenceObject {
  const id = answers.get(schema)?.id;
  if (id === undefined) throw new Error('an answer schema without a name: add it to the answers in apps/query-api/src/openapi/answers.ts');
  return { $ref: componentRef(id) };
}

/** An array of a named answer. */
export const answerListRef = (schema: z.ZodType): SchemaObject => ({ type: 'array', items: answerRef(schema) });

/**
 * Every named answer as an OpenAPI 3.0 schema, for `components.schemas`: as the code produces it
 * (`io: 'output'`), so an object lists exactly its fields (`additionalProperties: false`) and the
 * fuzz suite checks every answer against it.
 */
export function answerComponents(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(answers, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any', uri: componentRef });
  // `$id` is not a keyword of OpenAPI 3.0's schema objects, and a validator would take it as a base for the $refs
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _, ...schema }]) => [id, schema as SchemaObject]));
}
