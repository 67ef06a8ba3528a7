import type { TopicRecord } from './read-topic';

/** The envelope fields an auditor needs, parsed straight from the record (no Rewind code involved). */
export interface LoggedEvent {
  readonly key: string | null;
  readonly eventId: string;
  readonly type: string;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly commandId: string;
  /** Who caused it (the envelope's actor); absent on events from before identities. */
  readonly actor?: unknown;
  readonly data: unknown;
}

export interface EventLogAudit {
  readonly events: LoggedEvent[];
  readonly byAggregate: ReadonlyMap<string, LoggedEvent[]>;
  /** Every broken invariant, in words; empty when the log is sound. */
  readonly problems: string[];
}

/**
 * Checks the invariants every event log must keep: each record keyed by its aggregate; per
 * aggregate, versions 1..n with no gap and no duplicate; no event id twice; and no command applied
 * twice (a command's events all carry its id and sit together at consecutive versions).
 */
export function auditEventLog(records: readonly TopicRecord[]): EventLogAudit {
  const problems: string[] = [];
  const events = records.map((record) => {
    const event = JSON.parse(record.value ?? 'null') as LoggedEvent;
    if (record.key !== event.aggregateId) problems.push(`record at ${record.partition}@${record.offset} is keyed ${record.key}, not ${event.aggregateId}`);
    return { ...event, key: record.key };
  });

  const byAggregate = new Map<string, LoggedEvent[]>();
  for (const event of events) byAggregate.set(event.aggregateId, [...(byAggregate.get(event.aggregateId) ?? []), event]);

  for (const [aggregateId, stream] of byAggregate) {
    stream.forEach((event, index) => {
      if (event.aggregateVersion !== index + 1) problems.push(`${aggregateId}: event ${index + 1} in the log has version ${event.aggregateVersion}`);
    });
    const commandsSeen = new Set<string>();
    stream.forEach((event, index) => {
      const previous = stream[index - 1];
      if (previous?.commandId === event.commandId) return; // several events of one command
      if (commandsSeen.has(event.commandId)) problems.push(`${aggregateId}: command ${event.commandId} applied twice`);
      commandsSeen.add(event.commandId);
    });
  }

  const ids = new Set<string>();
  for (const event of events) {
    if (ids.has(event.eventId)) problems.push(`event id ${event.eventId} appears twice`);
    ids.add(event.eventId);
  }
  return { events, byAggregate, problems };
}
