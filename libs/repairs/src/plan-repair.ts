import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { readAggregateLogs, type ReadProgress } from './log-reader';
import { PlanBuilder, type RepairPlan } from './plan';
import { eventsTopic, streamCodecs, type History, type Repair, type RepairStream } from './repair';

export interface PlanRepairOptions {
  readonly namespace: string;
  readonly onProgress?: (progress: ReadProgress) => void;
  readonly planId?: string;
  readonly now?: () => string;
}

/** Thrown for parameters the repair refuses: names each one. */
export class InvalidParamsError extends Error {
  override readonly name = 'InvalidParamsError';
}

/**
 * Makes a repair's plan: checks its parameters, reads its stream's log from the start to the end
 * offsets taken now, and asks the repair about every aggregate. Nothing is sent.
 */
export async function planRepair(kafka: Kafka, repair: Repair, rawParams: Readonly<Record<string, unknown>>, options: PlanRepairOptions): Promise<RepairPlan> {
  const params = parseParams(repair, rawParams);
  const topic = eventsTopic(options.namespace, repair.stream);
  const builder = new PlanBuilder(repair, params, {
    planId: options.planId ?? randomUUID(),
    createdAt: options.now?.() ?? new Date().toISOString(),
    topic,
    rawParams,
  });
  const read = await readAggregateLogs(
    kafka,
    topic,
    streamCodecs[repair.stream].events,
    (log) => ('unreadable' in log ? builder.skip(log.aggregateId, log.unreadable) : builder.add(log.aggregateId, log.events as History<RepairStream>)),
    { ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  return builder.finish(read);
}

/** A repair's parameters, checked by its schema: every problem named by its parameter. */
export function parseParams(repair: Repair, rawParams: Readonly<Record<string, unknown>>): unknown {
  const result = repair.params.safeParse(rawParams);
  if (result.success) return result.data;
  throw new InvalidParamsError(result.error.issues.map((issue) => `${issue.path.join('.') || '(params)'}: ${issue.message}`).join('; '));
}
