import { logLevel, type logCreator, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

interface ProtocolError {
  readonly type: string;
  readonly message: string;
  readonly retriable: boolean;
}

/** kafkajs's table of the protocol's error answers (what a `Response …` line quotes as its `error`). */
const protocolErrors = (require('kafkajs/src/protocol/error') as { errorCodes: ProtocolError[] }).errorCodes;

/**
 * Answers a broker gives in the normal course of things, each asked again by kafkajs or its caller:
 * the ones kafkajs marks retriable (CONCURRENT_TRANSACTIONS after every commit, NOT_COORDINATOR and
 * LEADER_NOT_AVAILABLE while a broker moves, …) and the group protocol's "join again" answers, which
 * a consumer meets at every rebalance and answers by rejoining.
 */
const ROUTINE_ANSWERS = new Set(
  protocolErrors.filter((error) => error.retriable || ['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION'].includes(error.type)).map((error) => error.message),
);

/** kafkajs's consumer says so at ERROR each time its group rebalances under it; it rejoins. */
const REJOINING = /^The (group is rebalancing|coordinator is not aware of this member), re-joining/;

const fromKafkajs: Readonly<Record<number, LogLevel>> = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' };

/**
 * Pure: the level a kafkajs log entry is written at. kafkajs logs every error answer of a broker at
 * ERROR, even those it (or our code above it) simply asks again: under normal load that is a stream
 * of ERROR lines about nothing. A routine answer goes to debug, a line that announces a retry or a
 * rejoin to info, a retry after a failed connection to warn (a broker is away); anything else keeps
 * kafkajs's level, so an answer that is not asked again (fencing, authorisation) stays an error.
 */
export function kafkajsLevel({ level, log }: Pick<LogEntry, 'level' | 'log'>): LogLevel | undefined {
  const mapped = fromKafkajs[level];
  if (mapped !== 'error') return mapped;
  const { message, error, retryTime } = log as { message?: unknown; error?: unknown; retryTime?: unknown };
  const text = String(message ?? '');
  if (typeof error === 'string' && ROUTINE_ANSWERS.has(error)) return 'debug';
  if (REJOINING.test(text)) return 'info';
  if (retryTime !== undefined) {
    const cause = text.replace(/^Failed to send messages: /, '');
    if (ROUTINE_ANSWERS.has(cause) || text.startsWith('Restarting the consumer')) return 'info';
    if (/connect/i.test(text)) return 'warn';
  }
  return 'error';
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * kafkajs's own log lines into the app's logger, at the levels `kafkajsLevel` gives: one format for
 * every line a process writes. kafkajs drops what is below its own `logLevel` before this sees it:
 * the apps give WARN (its INFO lines are chatter about joins and starts), which lets every ERROR
 * line through to be mapped, and the app's LOG_LEVEL decides the rest. `atMost` caps the level, for
 * an app to which Kafka is not essential (the query API degrades to `Rewind-Lag: unknown`).
 */
export function kafkajsLogCreator(logger: Logger, { atMost = 'error' }: { atMost?: LogLevel } = {}): logCreator {
  const kafkajs = logger.child({ context: 'kafkajs' });
  return () => (entry) => {
    const found = kafkajsLevel(entry);
    if (found === undefined) return;
    const level = RANK[found] > RANK[atMost] ? atMost : found;
    // kafkajs's own timestamp and logger name are left out: the line has its time, and context says kafkajs
    const fields: Record<string, unknown> = { ...entry.log };
    for (const own of ['message', 'timestamp', 'logger']) delete fields[own];
    kafkajs[level]({ namespace: entry.namespace, ...fields }, entry.log.message);
  };
}
