import { DEAD_LETTER_TOPIC } from '@rewind/contracts';
import { auditEventLog, readTopicToEnd } from '@rewind/testing';
import type { Admin, Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import { outcomeOf, TERMINAL_OUTCOMES, type CommandLedger } from './faults-load';
import { foldEventLogs, PROJECTIONS, readEventLogs, sagaGroups, settled, storedModels, type ExpectedReadModels } from './read-models';

/** What the checks after a fault found, over the whole run so far. */
export interface FaultAudit {
  /** Acknowledged commands with no event in their log. */
  readonly eventsLost: number;
  /** Events whose id is in the log twice, and commands applied more than once. */
  readonly eventsDuplicated: number;
  /** Every broken invariant of the logs and every saga not at its end, in words. */
  readonly problems: string[];
  readonly deadLetters: number;
  readonly expected: ExpectedReadModels;
  /** Each projection's documents as stored, to compare with `expected`. */
  readonly stored: Readonly<Record<(typeof PROJECTIONS)[number], Record<string, unknown>>>;
}

export const LIVE_GENERATIONS = { orders: 1, order_timeline: 1, payments: 1, shipments: 1 } as const;

/**
 * Waits until the saga is at rest, then reads the logs from offset zero and checks what the
 * issue asks after every fault: each acknowledged command in its log exactly once, the logs'
 * invariants, every saga at a terminal state, the read models against an independent fold, and
 * the dead-letter topic.
 */
export async function auditAfterFault(kafka: Kafka, db: Db, namespace: string, ledger: CommandLedger): Promise<FaultAudit> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = sagaGroups(namespace, LIVE_GENERATIONS);
    await settled(admin, groups, 3 * 60_000).catch(async (error: unknown) => {
      // say which consumer is stuck and whether anyone is still in its group
      throw new Error(`the saga did not come to rest (${String(error)}); behind: ${JSON.stringify(await lagging(admin, groups))}`);
    });
  } finally {
    await admin.disconnect();
  }
  const logs = await readEventLogs(kafka, namespace);
  const problems: string[] = [];
  let eventsDuplicated = 0;
  for (const service of ['orders', 'payments', 'shipments'] as const) {
    const audit = auditEventLog(logs[service]);
    problems.push(...audit.problems.map((problem) => `${service}.events: ${problem}`));
    eventsDuplicated += audit.problems.filter((problem) => problem.includes('twice')).length;
  }

  let eventsLost = 0;
  const commandsInLog = new Set(
    (['orders', 'shipments'] as const).flatMap((service) => logs[service].map((record) => JSON.parse(record.value ?? '{}') as { aggregateId: string; commandId: string }).map((event) => `${service}|${event.aggregateId}|${event.commandId}`)),
  );
  for (const command of ledger.acknowledged) {
    if (commandsInLog.has(`${command.service}|${command.aggregateId}|${command.commandId}`)) continue;
    eventsLost += 1;
    problems.push(`${command.what} ${command.commandId} for ${command.aggregateId} was acknowledged, but ${command.service}.events has no event of it`);
  }

  const expected = foldEventLogs(logs);
  for (const { orderId, path } of ledger.orders) {
    const outcome = outcomeOf(expected.orders[orderId]);
    if (!TERMINAL_OUTCOMES[path].includes(outcome)) problems.push(`order ${orderId} (${path}) ended ${outcome}, not ${TERMINAL_OUTCOMES[path].join(' or ')}`);
  }
  const driven = new Set(ledger.orders.map((order) => order.orderId));
  for (const orderId of Object.keys(expected.orders)) if (!driven.has(orderId)) problems.push(`order ${orderId} is in the logs, but no client placed it`);

  const deadLetters = (await readTopicToEnd(kafka, `${namespace}${DEAD_LETTER_TOPIC}`)).length;
  const stored = Object.fromEntries(await Promise.all(PROJECTIONS.map(async (projection) => [projection, await storedModels(db, projection, LIVE_GENERATIONS[projection])] as const))) as FaultAudit['stored'];
  return { eventsLost, eventsDuplicated, problems, deadLetters, expected, stored };
}

async function lagging(admin: Admin, groups: readonly { groupId: string; topic: string }[]) {
  const behind: { groupId: string; topic: string; records: number; state?: string; members?: number }[] = [];
  for (const { groupId, topic } of groups) {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
    const records = ends.reduce((sum, end) => sum + Number(end.high) - Math.max(0, Number(committed.find((p) => p.partition === end.partition)?.offset ?? 0)), 0);
    if (records === 0) continue;
    const group = (await admin.describeGroups([groupId])).groups[0];
    behind.push({ groupId, topic, records, state: group?.state, members: group?.members.length });
  }
  return behind;
}
