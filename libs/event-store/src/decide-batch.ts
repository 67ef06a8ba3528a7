import { InvalidMessageError, type CommandCodec, type CommandEnvelope, type EventCodec, type EventEnvelope } from '@rewind/contracts';
import type { Decider, Decision, DomainEvent } from '@rewind/decider';
import { deterministicUuid } from './deterministic-id';
import { LOOKUP_COMMAND_TYPE, READ_STATE_TYPE, type CommandOutcome, type CommandReply, type OutcomeRecord, type StateReply } from './outcome';

/** What the owner of a partition knows about one aggregate. */
export interface AggregateMemory<S> {
  readonly version: number;
  readonly state: S;
  /** Outcomes of the commands this aggregate has seen, by command id: the idempotency memory. */
  readonly outcomes: ReadonlyMap<string, CommandOutcome>;
  /**
   * Why this aggregate's history cannot be read (an event in its log that does not decode, or a gap
   * in its versions): its state is unknown, so its commands are refused; the partition's other
   * aggregates carry on.
   */
  readonly unreadable?: string;
}

/** A decider whose `decide` may answer asynchronously (as a Nest message handler does). */
export interface AsyncDecider<C extends CommandEnvelope, E extends DomainEvent, S> extends Omit<Decider<C, E, S>, 'decide'> {
  decide(command: C, state: S): Decision<E> | Promise<Decision<E>>;
}

export interface EventStoreSpec<C extends CommandEnvelope, E extends DomainEvent, S> {
  readonly decider: AsyncDecider<C, E, S>;
  readonly events: EventCodec<EventEnvelope>;
  readonly commands: CommandCodec<C>;
}

export interface KeyedRecord {
  readonly key: string;
  readonly value: string;
}

export interface BatchDecision<S> {
  /** Encoded events, in the order they are appended. */
  readonly events: KeyedRecord[];
  /** Encoded outcome records: the replies, and what the idempotency memory will hold. */
  readonly outcomes: KeyedRecord[];
  /** The new memory of every aggregate the batch touched; the owner adopts it after the commit. */
  readonly touched: ReadonlyMap<string, AggregateMemory<S>>;
  /** Records that were not commands at all (no command id to answer to). */
  readonly undecodable: { readonly index: number; readonly reason: string }[];
}

/**
 * Decides a batch of command records of one partition, in order, against the owner's memory.
 * Pure: the memory passed in is not changed; what changes is returned, to be adopted only once
 * the events, outcomes and command offset have been committed together.
 */
export async function decideBatch<C extends CommandEnvelope, E extends DomainEvent, S>(
  spec: EventStoreSpec<C, E, S>,
  memoryOf: (aggregateId: string) => AggregateMemory<S> | undefined,
  records: readonly (Buffer | null)[],
  now: string,
): Promise<BatchDecision<S>> {
  const touched = new Map<string, WorkingMemory<S>>();
  const events: KeyedRecord[] = [];
  const outcomes: KeyedRecord[] = [];
  const undecodable: BatchDecision<S>['undecodable'] = [];

  const working = (aggregateId: string) => {
    let memory = touched.get(aggregateId);
    if (!memory) {
      const known = memoryOf(aggregateId);
      memory = {
        version: known?.version ?? 0,
        state: known?.state ?? spec.decider.initialState,
        outcomes: new Map(known?.outcomes ?? []),
        ...(known?.unreadable ? { unreadable: known.unreadable } : {}),
      };
      touched.set(aggregateId, memory);
    }
    return memory;
  };
  const reply = (aggregateId: string, requestId: string, answer: CommandReply) => {
    const record: OutcomeRecord = { requestId, reply: answer };
    outcomes.push({ key: aggregateId, value: JSON.stringify(record) });
  };

  for (const [index, value] of records.entries()) {
    const raw = peek(value);
    if (!raw) {
      undecodable.push({ index, reason: 'not a command envelope (no commandId / aggregateId)' });
      continue;
    }

    // look-ups travel behind the commands of their aggregate, so their answers are final
    if (raw.type === LOOKUP_COMMAND_TYPE) {
      const target = typeof raw.data?.commandId === 'string' ? raw.data.commandId : '';
      const known = (touched.get(raw.aggregateId) ?? memoryOf(raw.aggregateId))?.outcomes.get(target);
      reply(raw.aggregateId, raw.commandId, known ?? { status: 'unknown', commandId: target, aggregateId: raw.aggregateId });
      continue;
    }
    if (raw.type === READ_STATE_TYPE) {
      const known = touched.get(raw.aggregateId) ?? memoryOf(raw.aggregateId);
      const state: StateReply = { status: 'state', aggregateId: raw.aggregateId, version: known?.version ?? 0, state: known?.state ?? spec.decider.initialState };
      reply(raw.aggregateId, raw.commandId, state);
      continue;
    }

    const memory = working(raw.aggregateId);
    const repeated = memory.outcomes.get(raw.commandId);
    if (repeated) {
      reply(raw.aggregateId, raw.commandId, repeated);
      continue;
    }

    const outcome: CommandOutcome = memory.unreadable
      ? { status: 'refused', commandId: raw.commandId, aggregateId: raw.aggregateId, version: memory.version, code: 'history_unreadable', message: `the history of ${raw.aggregateId} cannot be read: ${memory.unreadable}` }
      : await decideOne(spec, memory, raw, now, events);
    memory.outcomes.set(raw.commandId, outcome);
    reply(raw.aggregateId, raw.commandId, outcome);
  }

  return { events, outcomes, touched, undecodable };
}

/** A batch's own copy of an aggregate's memory, changed as the batch goes. */
interface WorkingMemory<S> {
  version: number;
  state: S;
  outcomes: Map<string, CommandOutcome>;
  unreadable?: string;
}

async function decideOne<C extends CommandEnvelope, E extends DomainEvent, S>(
  spec: EventStoreSpec<C, E, S>,
  memory: WorkingMemory<S>,
  raw: PeekedCommand,
  now: string,
  appended: KeyedRecord[],
): Promise<CommandOutcome> {
  const { commandId, aggregateId } = raw;
  let command: C;
  try {
    // the record was parsed once, by peek; what is left is to validate it
    command = spec.commands.validate(raw.parsed);
  } catch (error) {
    if (!(error instanceof InvalidMessageError)) throw error;
    return { status: 'rejected', commandId, aggregateId, path: error.path, reason: error.message };
  }

  if (command.expectedVersion !== undefined && command.expectedVersion !== memory.version) {
    return { status: 'conflict', commandId, aggregateId, expectedVersion: command.expectedVersion, actualVersion: memory.version };
  }

  const decision: Decision<E> = await spec.decider.decide(command, memory.state);
  if (decision.kind === 'refused') {
    return { status: 'refused', commandId, aggregateId, version: memory.version, code: decision.code, message: decision.message };
  }

  // encode everything first: an event the codec refuses leaves the aggregate untouched
  let { version, state } = memory;
  const encoded: KeyedRecord[] = [];
  try {
    for (const [index, event] of decision.events.entries()) {
      version += 1;
      const envelope: EventEnvelope = {
        eventId: deterministicUuid(`${commandId}/${index}`),
        type: event.type,
        schemaVersion: 1, // the codec stamps the current version of the type
        aggregateId,
        aggregateVersion: version,
        occurredAt: now,
        commandId,
        correlationId: command.correlationId,
        causationId: command.commandId,
        data: event.data,
      };
      encoded.push({ key: aggregateId, value: spec.events.encode(envelope) });
      state = spec.decider.evolve(state, event);
    }
  } catch (error) {
    if (!(error instanceof InvalidMessageError)) throw error;
    return { status: 'rejected', commandId, aggregateId, path: error.path, reason: `the decision produced an invalid event: ${error.message}` };
  }
  appended.push(...encoded);
  memory.version = version;
  memory.state = state;
  return { status: 'accepted', commandId, aggregateId, version };
}

interface PeekedCommand {
  readonly commandId: string;
  readonly aggregateId: string;
  readonly type: unknown;
  readonly data?: { commandId?: unknown };
  /** The whole record value, parsed. */
  readonly parsed: unknown;
}

/** Just enough of a command envelope to answer to: its id, its aggregate, its type. */
function peek(value: Buffer | null): PeekedCommand | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Record<string, unknown>;
    const { commandId, aggregateId } = parsed;
    if (typeof commandId !== 'string' || !commandId || typeof aggregateId !== 'string' || !aggregateId) return undefined;
    return { commandId, aggregateId, type: parsed['type'], data: parsed['data'] as { commandId?: unknown } | undefined, parsed };
  } catch {
    return undefined;
  }
}
