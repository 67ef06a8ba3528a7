import { auditEventLog, type TopicRecord } from '@rewind/testing';
import type { Exchange } from './recording-proxy';

/** One command service as the accounting sees it: its events log, and the requests it answered. */
export interface CommandService {
  readonly name: string;
  /** The field of a command's answer that names the aggregate: `orderId`, `shipmentId`. */
  readonly idField: string;
  readonly events: readonly TopicRecord[];
  readonly exchanges: readonly Exchange[];
}

export interface EventAccounting {
  readonly events: number;
  /** Command requests (POST) answered 2xx, and answered 4xx. */
  readonly acceptedRequests: number;
  readonly rejectedRequests: number;
  /** Commands sent over HTTP that appended events. */
  readonly httpCommands: number;
  /** HTTP commands with events in a log that no accepted request accounts for: events appended for a rejected request. */
  readonly unaccounted: string[];
  /** Events neither appended by an HTTP command nor caused by an event in the logs. */
  readonly orphans: string[];
  /** What auditEventLog finds wrong with the logs. */
  readonly problems: string[];
}

interface Envelope {
  readonly eventId: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly commandId: string;
  readonly correlationId: string;
}

/**
 * Accounts for every event in the logs. A command sent over HTTP is its own correlation (its
 * events carry `commandId === correlationId`); its events must be claimed by a request answered
 * 2xx, by the Idempotency-Key it was sent with, or else by the `{<id>, version}` of the answer,
 * since the version an accepted command answers is that of its last event; a 202 claims by its
 * `commandId`. Any other event must come from a reaction, whose command id is
 * `<causing event id>:<type>`, to an event in the logs. So an event appended for a request that
 * was answered 4xx is unaccounted for, whatever its command id.
 */
export function accountForEvents(services: readonly CommandService[]): EventAccounting {
  const problems: string[] = [];
  const envelopes: Envelope[] = [];
  for (const service of services) {
    problems.push(...auditEventLog(service.events).problems.map((problem) => `${service.name}: ${problem}`));
    envelopes.push(...service.events.map((record) => JSON.parse(record.value ?? 'null') as Envelope));
  }
  const eventIds = new Set(envelopes.map((event) => event.eventId));

  const claimedCommands = new Set<string>();
  const claimedVersions = new Set<string>();
  let acceptedRequests = 0;
  let rejectedRequests = 0;
  for (const service of services) {
    for (const exchange of service.exchanges) {
      if (exchange.method !== 'POST') continue;
      if (exchange.status >= 400 && exchange.status < 500) rejectedRequests += 1;
      if (exchange.status < 200 || exchange.status > 299) continue;
      acceptedRequests += 1;
      const answer = JSON.parse(exchange.body) as Record<string, unknown>;
      const aggregateId = String(answer[service.idField]);
      const key = exchange.idempotencyKey?.trim();
      if (exchange.status === 202) claimedCommands.add(`${aggregateId}/${String(answer['commandId'])}`);
      else if (key) claimedCommands.add(`${aggregateId}/${key}`);
      else claimedVersions.add(`${aggregateId}@${String(answer['version'])}`);
    }
  }

  const httpCommands = new Map<string, Envelope>();
  const orphans: string[] = [];
  for (const event of envelopes) {
    if (event.commandId === event.correlationId) {
      const command = `${event.aggregateId}/${event.commandId}`;
      const last = httpCommands.get(command);
      if (!last || last.aggregateVersion < event.aggregateVersion) httpCommands.set(command, event);
      continue;
    }
    const cause = /^(.+):[A-Za-z]+$/.exec(event.commandId)?.[1];
    if (cause === undefined || !eventIds.has(cause)) orphans.push(`${event.aggregateId}@${event.aggregateVersion} (command ${event.commandId})`);
  }
  const unaccounted = [...httpCommands.values()]
    .filter((last) => !claimedCommands.has(`${last.aggregateId}/${last.commandId}`) && !claimedVersions.has(`${last.aggregateId}@${last.aggregateVersion}`))
    .map((last) => `${last.aggregateId}@${last.aggregateVersion} (command ${last.commandId})`);

  return { events: envelopes.length, acceptedRequests, rejectedRequests, httpCommands: httpCommands.size, unaccounted, orphans, problems };
}
