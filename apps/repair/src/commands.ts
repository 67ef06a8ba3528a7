import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandEnvelope, EventEnvelope } from '@rewind/contracts';
import { TopicCommandClient } from '@rewind/event-store';
import {
  applyPlan,
  describeResult,
  eventsTopic,
  findRepair,
  InvalidPlanError,
  parsePlan,
  planRepair,
  readAggregateLogs,
  repairCatalog,
  singleCorrection,
  streamCodecs,
  streamOfCorrection,
  type RepairPlan,
  type RepairStream,
} from '@rewind/repairs';
import type { Kafka } from 'kafkajs';
import type { RepairCliCommand } from './arguments';
import { ProgressBar } from './progress';

/** What every command works with: the broker, where things go, and the operator's stop. */
export interface CliContext {
  readonly kafka: Kafka;
  readonly namespace: string;
  readonly commandTimeoutMs: number;
  readonly plansDir: string;
  /** Results. */
  readonly out: NodeJS.WriteStream;
  /** Progress and problems. */
  readonly err: NodeJS.WriteStream;
  /** Resolves, with the signal, when the operator asks the command to stop (Ctrl-C, SIGTERM). */
  readonly stopRequested: Promise<NodeJS.Signals>;
}

/** The exit code for a stop asked by a signal, as shells count them. */
export const signalExit = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 130 : 143);

export function list(out: NodeJS.WriteStream): number {
  for (const repair of repairCatalog) out.write(`${repair.name} (${repair.stream})  ${repair.summary}\n`);
  return 0;
}

export async function plan(context: CliContext, command: Extract<RepairCliCommand, { command: 'plan' }>): Promise<number> {
  const repair = findRepair(command.repair);
  if (!repair) throw new Error(`no repair ${command.repair}`); // parseArguments checked the name
  const topic = eventsTopic(context.namespace, repair.stream);
  const bar = new ProgressBar(context.err, `plan ${repair.name}: reading ${topic}`, 'records');
  let last = { done: 0, total: 0 };
  const planning = planRepair(context.kafka, repair, command.params, {
    namespace: context.namespace,
    onProgress: (progress) => {
      last = progress;
      bar.draw(progress.done, progress.total);
    },
  });
  const made = await Promise.race([planning, context.stopRequested]);
  if (typeof made === 'string') return signalExit(made);
  bar.draw(last.total, last.total, true);

  const file = command.out ?? join(context.plansDir, `${repair.name}-${made.planId}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`);
  if (command.json) {
    context.out.write(`${JSON.stringify({ planFile: file, planId: made.planId, read: made.read, totals: made.totals })}\n`);
    return 0;
  }
  const { totals } = made;
  const money = totals.money.map(({ currency, refundCents, chargeCents }) => `${currency}: ${refundCents} back to customers, ${chargeCents} more to charge`);
  context.out.write(
    [
      `plan ${made.planId}: ${repair.name} ${Object.entries(command.params).map(([name, value]) => `${name}=${value}`).join(' ')}`,
      `read ${made.read.records} records of ${topic} (${made.read.aggregates} aggregates)`,
      `to correct: ${totals.corrections} · left as they are: ${totals.left} · unreadable: ${totals.unreadable}`,
      ...(money.length > 0 ? [`money, in minor units: ${money.join('; ')}`] : []),
      ...made.entries.map((entry) => `  correct  ${entry.aggregateId}  at version ${entry.version}  ${entry.note}`),
      ...made.left.map((left) => `  leave    ${left.aggregateId}  ${left.reason}`),
      ...made.unreadable.map((unreadable) => `  unread   ${unreadable.aggregateId}  ${unreadable.reason}`),
      `written to ${file}; review it, then: npm run repair -- apply ${file}`,
    ].join('\n') + '\n',
  );
  return 0;
}

export async function apply(context: CliContext, command: Extract<RepairCliCommand, { command: 'apply' }>): Promise<number> {
  let made: RepairPlan;
  try {
    made = parsePlan(JSON.parse(readFileSync(command.planFile, 'utf8')));
  } catch (error) {
    const why = error instanceof InvalidPlanError || error instanceof SyntaxError ? error.message : (error as NodeJS.ErrnoException).code ?? String(error);
    context.err.write(`${command.planFile} is not a plan this CLI can apply: ${why}\n`);
    return 2;
  }
  const topic = eventsTopic(context.namespace, made.stream);
  if (made.topic !== topic) {
    context.err.write(`plan ${made.planId} was made from ${made.topic}; this CLI reads ${topic} (TOPIC_NAMESPACE): nothing applied\n`);
    return 2;
  }

  const client = await commandClient(context, made.stream);
  const bar = new ProgressBar(context.err, `apply ${made.planId}`, 'corrections');
  let done = 0;
  try {
    bar.draw(0, made.entries.length);
    const summary = await applyPlan(made, client, {
      concurrency: command.concurrency,
      ...(command.maxRate === undefined ? {} : { maxRatePerSecond: command.maxRate }),
      stopRequested: context.stopRequested,
      onResult: (entry, result) => {
        done += 1;
        context.out.write(command.json ? `${JSON.stringify({ aggregateId: entry.aggregateId, commandId: entry.commandId, ...result })}\n` : `${describeResult(entry, result)}\n`);
        bar.draw(done, made.entries.length);
      },
    });
    bar.draw(done, made.entries.length, true);
    const counts = Object.entries(summary.counts).filter(([, count]) => count > 0);
    if (command.json) context.out.write(`${JSON.stringify({ planId: made.planId, summary })}\n`);
    else context.out.write(`plan ${made.planId}: ${counts.map(([status, count]) => `${status} ${count}`).join(', ') || 'nothing to apply'}${summary.notStarted > 0 ? `, not started ${summary.notStarted}` : ''}\n`);
    const stoppedBy = await Promise.race([context.stopRequested, Promise.resolve(undefined)]);
    if (stoppedBy) return signalExit(stoppedBy);
    return summary.complete ? 0 : 1;
  } finally {
    await client.stop();
  }
}

export async function correct(context: CliContext, command: Extract<RepairCliCommand, { command: 'correct' }>): Promise<number> {
  const { request } = command;
  const stream = streamOfCorrection(request.kind);
  const topic = eventsTopic(context.namespace, stream);
  const bar = new ProgressBar(context.err, `reading ${request.aggregateId} from ${topic}`, 'records');
  let history: readonly EventEnvelope[] = [];
  let unreadable: string | undefined;
  const reading = readAggregateLogs(
    context.kafka,
    topic,
    streamCodecs[stream].events,
    (log) => ('unreadable' in log ? (unreadable = log.unreadable) : (history = log.events)),
    { aggregateId: request.aggregateId, onProgress: ({ done, total }) => bar.draw(done, total) },
  );
  const read = await Promise.race([reading, context.stopRequested]);
  if (typeof read === 'string') return signalExit(read);
  if (unreadable !== undefined) {
    context.err.write(`the history of ${request.aggregateId} cannot be read: ${unreadable}\n`);
    return 1;
  }
  const decided = singleCorrection(request, history);
  if (!decided.ok) {
    context.err.write(`${decided.problem}; nothing sent\n`);
    return 1;
  }
  const commandId = command.idempotencyKey ?? `correction/${randomUUID()}`;
  const expectedVersion = command.ifMatch ?? decided.version;
  context.err.write(`${request.aggregateId} at version ${decided.version}: corrects ${decided.corrects.type} ${decided.corrects.eventId} (version ${decided.corrects.aggregateVersion})\n`);

  const client = await commandClient(context, stream);
  try {
    const envelope: CommandEnvelope = {
      commandId,
      type: decided.correction.type,
      aggregateId: request.aggregateId,
      expectedVersion,
      issuedAt: new Date().toISOString(),
      correlationId: commandId,
      causationId: commandId,
      data: decided.correction.data,
    };
    const outcome = await client.send(envelope);
    if (command.json) {
      context.out.write(`${JSON.stringify({ aggregateId: request.aggregateId, commandId, corrects: decided.corrects.eventId, outcome })}\n`);
    } else {
      context.out.write(`${describeOutcome(request.aggregateId, commandId, outcome)}\n`);
    }
    return outcome.status === 'accepted' ? 0 : 1;
  } finally {
    await client.stop();
  }
}

function describeOutcome(aggregateId: string, commandId: string, outcome: Awaited<ReturnType<TopicCommandClient<CommandEnvelope>['send']>>): string {
  switch (outcome.status) {
    case 'accepted':
      return `corrected ${aggregateId}: now at version ${outcome.version} (command ${commandId})`;
    case 'conflict':
      return `not corrected: ${aggregateId} is at version ${outcome.actualVersion}, not ${outcome.expectedVersion}: it changed since it was read; run it again`;
    case 'refused':
      return `refused: ${outcome.code}: ${outcome.message}`;
    case 'rejected':
      return `rejected: ${outcome.path}: ${outcome.reason}`;
    case 'failed':
      return `failed: ${outcome.reason}`;
    case 'reused':
      return `not corrected: the idempotency key ${commandId} was used before for another command`;
    case 'pending':
      return `no answer in time: command ${commandId} may still be applied; run the same command with --idempotency-key ${commandId} to learn its outcome`;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

async function commandClient(context: CliContext, stream: RepairStream): Promise<TopicCommandClient<CommandEnvelope>> {
  const client = new TopicCommandClient<CommandEnvelope>({
    kafka: context.kafka,
    service: `${context.namespace}${stream}`,
    commands: streamCodecs[stream].commands,
    timeoutMs: context.commandTimeoutMs,
  });
  await client.start();
  return client;
}
