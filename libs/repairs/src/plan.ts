import { z } from 'zod';
import type { Actor } from '@rewind/contracts';
import { streamCodecs, type Assessment, type History, type MoneyMove, type PlannedCorrection, type Repair, type RepairStream } from './repair';

/** What a plan file says it is; a file that does not is refused before anything is sent. */
export const PLAN_FORMAT = 'rewind-repair-plan/1';

/** One aggregate the plan corrects. */
export interface PlanEntry {
  readonly aggregateId: string;
  /** The version the plan saw: the correction is sent with it as its expected version, so a change since is caught. */
  readonly version: number;
  /** Derived from the plan and the aggregate: a rerun, or a resume, sends the same command, which is applied once. */
  readonly commandId: string;
  readonly correction: PlannedCorrection;
  /** What the aggregate holds now, for the reviewer. */
  readonly holds: Readonly<Record<string, unknown>>;
  readonly money?: MoneyMove;
  readonly note: string;
}

/** An aggregate the bug touched that the plan leaves as it is, and why. */
export interface LeftAggregate {
  readonly aggregateId: string;
  readonly version: number;
  readonly holds: Readonly<Record<string, unknown>>;
  readonly reason: string;
}

/** An aggregate whose history could not be read (an event that does not decode, a gap): not assessed. */
export interface UnreadableAggregate {
  readonly aggregateId: string;
  readonly reason: string;
}

export interface MoneyTotal {
  readonly currency: string;
  /** Back to customers. */
  readonly refundCents: number;
  /** More to charge. */
  readonly chargeCents: number;
}

export interface RepairPlan {
  readonly format: typeof PLAN_FORMAT;
  readonly planId: string;
  readonly repair: string;
  readonly summary: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly stream: RepairStream;
  /** The events topic read, with its namespace. */
  readonly topic: string;
  readonly createdAt: string;
  /** How far the log was read: every record up to these end offsets, taken when the read began. */
  readonly read: { readonly records: number; readonly aggregates: number; readonly endOffsets: readonly { readonly partition: number; readonly offset: string }[] };
  readonly entries: readonly PlanEntry[];
  readonly left: readonly LeftAggregate[];
  readonly unreadable: readonly UnreadableAggregate[];
  readonly totals: { readonly corrections: number; readonly left: number; readonly unreadable: number; readonly money: readonly MoneyTotal[] };
}

/** The command id of a plan's correction of one aggregate. */
export const commandIdOf = (planId: string, aggregateId: string) => `repair/${planId}/${aggregateId}`;

/**
 * Builds a plan from the histories of a stream, one aggregate at a time (the log is read a
 * partition at a time; nothing else is kept). Pure: the reading is the caller's.
 */
export class PlanBuilder {
  private readonly entries: PlanEntry[] = [];
  private readonly left: LeftAggregate[] = [];
  private readonly unreadable: UnreadableAggregate[] = [];
  private aggregates = 0;

  constructor(
    private readonly repair: Repair,
    private readonly params: unknown,
    private readonly meta: { readonly planId: string; readonly createdAt: string; readonly topic: string; readonly rawParams: Readonly<Record<string, unknown>> },
  ) {}

  /** One aggregate's whole history, in version order. */
  add(aggregateId: string, history: History<RepairStream>): void {
    this.aggregates += 1;
    const version = history.at(-1)?.aggregateVersion ?? 0;
    let assessment: Assessment | undefined;
    try {
      assessment = this.repair.assess(history as never, this.params);
    } catch (error) {
      // a repair that throws on one history says nothing about it: shown, and nothing sent
      this.unreadable.push({ aggregateId, reason: `the repair failed on it: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (!assessment) return;
    if (assessment.kind === 'leave') {
      this.left.push({ aggregateId, version, holds: assessment.holds, reason: assessment.reason });
      return;
    }
    const { correction, holds, money, note } = assessment;
    this.entries.push({ aggregateId, version, commandId: commandIdOf(this.meta.planId, aggregateId), correction, holds, ...(money ? { money } : {}), note });
  }

  /** An aggregate whose history could not be read. */
  skip(aggregateId: string, reason: string): void {
    this.aggregates += 1;
    this.unreadable.push({ aggregateId, reason });
  }

  finish(read: { readonly records: number; readonly endOffsets: RepairPlan['read']['endOffsets'] }): RepairPlan {
    const byId = <T extends { aggregateId: string }>(list: T[]) => [...list].sort((a, b) => a.aggregateId.localeCompare(b.aggregateId));
    const entries = byId(this.entries);
    return {
      format: PLAN_FORMAT,
      planId: this.meta.planId,
      repair: this.repair.name,
      summary: this.repair.summary,
      params: this.meta.rawParams,
      stream: this.repair.stream,
      topic: this.meta.topic,
      createdAt: this.meta.createdAt,
      read: { records: read.records, aggregates: this.aggregates, endOffsets: read.endOffsets },
      entries,
      left: byId(this.left),
      unreadable: byId(this.unreadable),
      totals: { corrections: entries.length, left: this.left.length, unreadable: this.unreadable.length, money: moneyTotals(entries) },
    };
  }
}

function moneyTotals(entries: readonly PlanEntry[]): MoneyTotal[] {
  const totals = new Map<string, { refundCents: number; chargeCents: number }>();
  for (const { money } of entries) {
    if (!money) continue;
    const total = totals.get(money.currency) ?? { refundCents: 0, chargeCents: 0 };
    if (money.cents < 0) total.refundCents -= money.cents;
    else total.chargeCents += money.cents;
    totals.set(money.currency, total);
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, total]) => ({ currency, ...total }));
}

const planShape = z.object({
  format: z.literal(PLAN_FORMAT, { error: `expected a repair plan (format ${PLAN_FORMAT})` }),
  planId: z.uuid(),
  repair: z.string().min(1),
  summary: z.string(),
  params: z.record(z.string(), z.unknown()),
  stream: z.enum(['orders', 'shipments']),
  topic: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  read: z.object({
    records: z.int().min(0),
    aggregates: z.int().min(0),
    endOffsets: z.array(z.object({ partition: z.int().min(0), offset: z.string().regex(/^\d+$/) })),
  }),
  entries: z.array(
    z.object({
      aggregateId: z.string().min(1).max(200),
      version: z.int().min(1),
      commandId: z.string().min(1).max(200),
      correction: z.object({ type: z.string().min(1), data: z.unknown() }),
      holds: z.record(z.string(), z.unknown()),
      money: z.object({ currency: z.string(), cents: z.int() }).optional(),
      note: z.string(),
    }),
  ),
  left: z.array(z.object({ aggregateId: z.string(), version: z.int().min(0), holds: z.record(z.string(), z.unknown()), reason: z.string() })),
  unreadable: z.array(z.object({ aggregateId: z.string(), reason: z.string() })),
  totals: z.object({
    corrections: z.int().min(0),
    left: z.int().min(0),
    unreadable: z.int().min(0),
    money: z.array(z.object({ currency: z.string(), refundCents: z.int().min(0), chargeCents: z.int().min(0) })),
  }),
});

/** A plan file that is not one, or holds a correction its stream's commands would refuse: says where. */
export class InvalidPlanError extends Error {
  override readonly name = 'InvalidPlanError';
}

/**
 * Reads a plan (parsed JSON) and checks all of it before anything is sent: its shape, each
 * correction against the commands of its stream, and each command id against the plan's own id,
 * so that an edited plan cannot take over another plan's commands.
 */
export function parsePlan(value: unknown): RepairPlan {
  const result = planShape.safeParse(value);
  if (!result.success) {
    const [issue] = result.error.issues;
    throw new InvalidPlanError(`${issue?.path.join('.') || '(plan)'}: ${issue?.message ?? 'invalid'}`);
  }
  const plan = result.data;
  const { commands } = streamCodecs[plan.stream];
  plan.entries.forEach((entry, index) => {
    if (entry.commandId !== commandIdOf(plan.planId, entry.aggregateId)) {
      throw new InvalidPlanError(`entries.${index}.commandId: expected ${commandIdOf(plan.planId, entry.aggregateId)}, as the plan derives it`);
    }
    if (!['CorrectShippingAddress', 'RepriceOrderLines', 'ReverseShipmentDelivery'].includes(entry.correction.type)) {
      throw new InvalidPlanError(`entries.${index}.correction.type: ${entry.correction.type} is not a correction`);
    }
    try {
      commands.validate({ ...correctionCommand(plan, entry as PlanEntry, plan.createdAt) });
    } catch (error) {
      throw new InvalidPlanError(`entries.${index}.correction: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return plan as RepairPlan;
}

/** The command that applies one entry of a plan: its derived id, and the version the plan saw. */
export function correctionCommand(plan: Pick<RepairPlan, 'planId'>, entry: PlanEntry, issuedAt: string, actor?: Actor) {
  return {
    commandId: entry.commandId,
    type: entry.correction.type,
    aggregateId: entry.aggregateId,
    expectedVersion: entry.version,
    issuedAt,
    correlationId: `repair/${plan.planId}`,
    causationId: entry.commandId,
    ...(actor === undefined ? {} : { actor }),
    data: entry.correction.data,
  };
}
