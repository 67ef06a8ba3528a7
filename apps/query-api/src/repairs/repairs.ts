import { randomUUID } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { CommandEnvelope } from '@rewind/contracts';
import { TopicCommandClient } from '@rewind/event-store';
import {
  applyPlan,
  findRepair,
  PLAN_FORMAT,
  InvalidParamsError,
  parseParams,
  planRepair,
  repairCatalog,
  streamCodecs,
  type EntryResult,
  type PlanEntry,
  type RepairPlan,
  type RepairStream,
} from '@rewind/repairs';
import { HttpProblem, parseBody, problemType } from '@rewind/service-kit';
import type { Kafka } from 'kafkajs';
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { RepairKind } from './repairs.answers';

/**
 * Where a plan stands. Planning: its log is being read; planned: it waits for review and an apply;
 * applying; applied: every entry corrected; incomplete: applied, with entries skipped, refused or
 * unanswered (applying again retries them and reports the rest as before); failed: planning failed.
 */
export type PlanStatus = 'planning' | 'planned' | 'failed' | 'applying' | 'applied' | 'incomplete';

/** A plan as kept in MongoDB, without its entries (each is a document of its own, with its result). */
export interface PlanDocument extends Omit<RepairPlan, 'entries' | 'format' | 'params'> {
  readonly _id: string;
  /** As the request gave them (strings, as the CLI's --param gives them). */
  readonly params: Readonly<Record<string, string>>;
  readonly status: PlanStatus;
  /** Of the read while planning; of the entries while applying. */
  readonly progress: { readonly done: number; readonly total: number };
  readonly error?: string;
  readonly application?: { readonly startedAt: string; readonly finishedAt?: string; readonly counts: Readonly<Record<string, number>> };
}

interface EntryDocument {
  readonly _id: string;
  readonly planId: string;
  readonly index: number;
  readonly entry: PlanEntry;
  readonly result?: EntryResult;
  readonly resultAt?: string;
}

/** `POST /repairs/plans`: which repair, with which parameters (strings, as the CLI's --param gives them). */
export const planRequestSchema = z.strictObject({
  repair: z.enum(repairCatalog.map((repair) => repair.name) as [string, ...string[]]),
  // the repair's own schema refuses a name it does not know (422): OpenAPI 3.0 cannot say which names a map takes
  params: z.record(z.string(), z.string().max(500)),
});
export type PlanRequest = z.infer<typeof planRequestSchema>;
export const parsePlanRequest = (body: unknown): PlanRequest => parseBody(planRequestSchema, body);

const PLANS = 'repair_plans';
const ENTRIES = 'repair_plan_entries';
/** How often the progress of a read or an apply is written: often enough to follow, not a write per record. */
const PROGRESS_EVERY_MS = 500;

/**
 * Repairs for admins (docs/corrections.md): the same plans and applies as `npm run repair`, run by
 * the query API in the background and kept in MongoDB, so that the explorer can show a plan for
 * review and follow its application. A plan reads the log, never these read models.
 */
export class Repairs {
  private readonly plans: Collection<PlanDocument>;
  private readonly entries: Collection<EntryDocument>;
  private readonly clients = new Map<RepairStream, Promise<TopicCommandClient<CommandEnvelope>>>();
  /** The plans this process is planning or applying now: asking again joins the work under way. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly kafka: Kafka,
    db: Db,
    private readonly namespace: string,
    private readonly commandTimeoutMs: number,
    private readonly log: (message: string, fields: Record<string, unknown>) => void,
  ) {
    this.plans = db.collection<PlanDocument>(PLANS);
    this.entries = db.collection<EntryDocument>(ENTRIES);
  }

  catalog(): RepairKind[] {
    return repairCatalog.map(({ name, summary, stream, params }) => ({ name, summary, stream, params: z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) }));
  }

  /** Starts a plan: checks the parameters, records the plan as planning, and reads the log in the background. */
  async startPlan(request: PlanRequest, now: Date): Promise<PlanDocument> {
    const repair = findRepair(request.repair);
    if (!repair) throw new HttpProblem({ type: problemType('repair-not-found'), title: 'No such repair', status: HttpStatus.NOT_FOUND, detail: `no repair ${request.repair}` });
    try {
      parseParams(repair, request.params);
    } catch (error) {
      if (!(error instanceof InvalidParamsError)) throw error;
      throw new HttpProblem({ type: problemType('invalid-repair-params'), title: 'The repair refuses these parameters', status: HttpStatus.UNPROCESSABLE_ENTITY, detail: error.message });
    }
    const planId = randomUUID();
    const document: PlanDocument = {
      _id: planId,
      planId,
      repair: repair.name,
      summary: repair.summary,
      params: request.params,
      stream: repair.stream,
      topic: `${this.namespace}${repair.stream}.events`,
      createdAt: now.toISOString(),
      read: { records: 0, aggregates: 0, endOffsets: [] },
      left: [],
      unreadable: [],
      totals: { corrections: 0, left: 0, unreadable: 0, money: [] },
      status: 'planning',
      progress: { done: 0, total: 0 },
    };
    await this.plans.insertOne(document);
    this.run(planId, () => this.plan(document, request.params));
    return document;
  }

  /** The latest plans, newest first, without what they leave and cannot read (a plan's page shows those). */
  async list(): Promise<Omit<PlanDocument, 'left' | 'unreadable'>[]> {
    return this.plans.find({}, { projection: { left: 0, unreadable: 0 } }).sort({ createdAt: -1 }).limit(100).toArray();
  }

  /** A plan with its entries, each with what became of it when applied. */
  async get(planId: string) {
    const plan = await this.plans.findOne({ _id: planId });
    if (!plan) throw new HttpProblem({ type: problemType('repair-plan-not-found'), title: 'No such plan', status: HttpStatus.NOT_FOUND, detail: `no repair plan ${planId}` });
    const entries = await this.entries.find({ planId }).sort({ index: 1 }).toArray();
    return { ...shown(plan), entries: entries.map(({ entry, result, resultAt }) => ({ ...entry, ...(result ? { result, resultAt } : {}) })) };
  }

  /** Applies a planned plan in the background; again after a crash or an incomplete run, it resumes: nothing is corrected twice. */
  async startApply(planId: string, now: Date): Promise<PlanDocument> {
    const plan = await this.plans.findOne({ _id: planId });
    if (!plan) throw new HttpProblem({ type: problemType('repair-plan-not-found'), title: 'No such plan', status: HttpStatus.NOT_FOUND, detail: `no repair plan ${planId}` });
    if (plan.status === 'planning' || plan.status === 'failed') {
      throw new HttpProblem({
        type: problemType('repair-plan-not-ready'),
        title: 'The plan cannot be applied',
        status: HttpStatus.CONFLICT,
        detail: plan.status === 'planning' ? `plan ${planId} is still reading the log` : `plan ${planId} failed: ${plan.error ?? 'see the query API log'}`,
      });
    }
    if (!this.running.has(planId)) {
      const started = { status: 'applying' as const, progress: { done: 0, total: plan.totals.corrections }, application: { startedAt: now.toISOString(), counts: {} } };
      await this.plans.updateOne({ _id: planId }, { $set: started });
      this.run(planId, () => this.apply(planId));
      return { ...plan, ...started };
    }
    return plan;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map(async (client) => (await client).stop()));
  }

  private run(planId: string, work: () => Promise<void>): void {
    const running = work()
      .catch((error: unknown) => this.log('repair plan failed', { planId, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => this.running.delete(planId));
    this.running.set(planId, running);
  }

  private async plan(document: PlanDocument, params: Readonly<Record<string, string>>): Promise<void> {
    const repair = findRepair(document.repair);
    if (!repair) return;
    const progress = throttled((value: { done: number; total: number }) => this.plans.updateOne({ _id: document.planId }, { $set: { progress: value } }));
    let made: RepairPlan;
    try {
      made = await planRepair(this.kafka, repair, params, { namespace: this.namespace, planId: document.planId, now: () => document.createdAt, onProgress: progress.push });
    } catch (error) {
      await progress.flush();
      await this.plans.updateOne({ _id: document.planId }, { $set: { status: 'failed', error: error instanceof Error ? error.message : String(error) } });
      throw error;
    }
    await progress.flush();
    if (made.entries.length > 0) {
      await this.entries.insertMany(made.entries.map((entry, index) => ({ _id: `${made.planId}/${entry.aggregateId}`, planId: made.planId, index, entry })));
    }
    const { read, left, unreadable, totals } = made;
    await this.plans.updateOne({ _id: made.planId }, { $set: { status: 'planned', read, left, unreadable, totals, progress: { done: read.records, total: read.records } } });
  }

  private async apply(planId: string): Promise<void> {
    const document = await this.plans.findOne({ _id: planId });
    if (!document) return;
    const entries = await this.entries.find({ planId }).sort({ index: 1 }).toArray();
    const { repair, stream, topic, createdAt, read, left, unreadable, totals, application } = document;
    const plan: RepairPlan = {
      format: PLAN_FORMAT,
      planId,
      repair,
      summary: document.summary,
      params: document.params,
      stream,
      topic,
      createdAt,
      read,
      left,
      unreadable,
      totals,
      entries: entries.map(({ entry }) => entry),
    };
    const client = await this.commandClient(document.stream);
    let done = 0;
    const counts: Record<string, number> = {};
    const progress = throttled<void>(() => this.plans.updateOne({ _id: planId }, { $set: { progress: { done, total: entries.length }, 'application.counts': { ...counts } } }));
    const results: Promise<unknown>[] = [];
    const summary = await applyPlan(plan, client, {
      onResult: (entry, result) => {
        done += 1;
        counts[result.status] = (counts[result.status] ?? 0) + 1;
        results.push(this.entries.updateOne({ _id: `${planId}/${entry.aggregateId}` }, { $set: { result, resultAt: new Date().toISOString() } }));
        progress.push();
      },
    });
    await Promise.all(results);
    await progress.flush();
    await this.plans.updateOne(
      { _id: planId },
      {
        $set: {
          status: summary.complete ? 'applied' : 'incomplete',
          progress: { done, total: entries.length },
          application: { startedAt: application?.startedAt ?? new Date().toISOString(), finishedAt: new Date().toISOString(), counts: summary.counts },
        },
      },
    );
  }

  private commandClient(stream: RepairStream): Promise<TopicCommandClient<CommandEnvelope>> {
    let client = this.clients.get(stream);
    if (!client) {
      const created = new TopicCommandClient<CommandEnvelope>({ kafka: this.kafka, service: `${this.namespace}${stream}`, commands: streamCodecs[stream].commands, timeoutMs: this.commandTimeoutMs });
      client = created.start().then(() => created);
      // a client that could not start is not kept: the next apply tries again
      client.catch(() => this.clients.delete(stream));
      this.clients.set(stream, client);
    }
    return client;
  }
}

/** A document as the API shows it: without MongoDB's `_id` (a plan's id is its `planId`). */
export function shown<T extends { readonly _id: unknown }>(document: T): Omit<T, '_id'> {
  return Object.fromEntries(Object.entries(document).filter(([key]) => key !== '_id')) as Omit<T, '_id'>;
}

/** Calls `write` with the latest value at most every PROGRESS_EVERY_MS, one write at a time; `flush` writes what is left. */
function throttled<T>(write: (value: T) => Promise<unknown>) {
  let latest: { value: T } | undefined;
  let writing: Promise<unknown> = Promise.resolve();
  let lastAt = 0;
  const writeLatest = () => {
    const pending = latest;
    latest = undefined;
    if (pending) writing = writing.then(() => write(pending.value)).catch(() => undefined);
    lastAt = Date.now();
    return writing;
  };
  return {
    push: (value: T) => {
      latest = { value };
      if (Date.now() - lastAt >= PROGRESS_EVERY_MS) void writeLatest();
    },
    flush: () => writeLatest(),
  };
}
