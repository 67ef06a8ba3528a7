export { type Repair, type RepairStream, type Assessment, type MoneyMove, type PlannedCorrection, type CorrectionCommand, type History, streamCodecs, eventsTopic } from './repair';
export { repairCatalog, findRepair } from './catalog';
export { addressSetBy, pricesSetBy, deliveryOf } from './history';
export {
  PLAN_FORMAT,
  PlanBuilder,
  parsePlan,
  commandIdOf,
  correctionCommand,
  InvalidPlanError,
  type RepairPlan,
  type PlanEntry,
  type LeftAggregate,
  type UnreadableAggregate,
  type MoneyTotal,
} from './plan';
export { applyPlan, describeResult, type CommandSender, type EntryResult, type EntryStatus, type ApplyOptions, type ApplySummary } from './apply';
export { readAggregateLogs, partitionOf, type AggregateLog, type LogRead, type ReadProgress, type ReadLogOptions } from './log-reader';
export { singleCorrection, streamOfCorrection, type SingleCorrection, type SingleCorrectionRequest } from './single-correction';
export { planRepair, parseParams, InvalidParamsError, type PlanRepairOptions } from './plan-repair';
