import { InvalidMessageError, type CommandCodec, type CommandEnvelope, type EventCodec, type EventEnvelope } from '@rewind/contracts';
import type { Decider, Decision, DomainEvent } from '@rewind/decider';
import { withinDeadline } from './deadline';
import { deterministicUuid } from './deterministic-id';
import { commandFingerprint } from './fingerprint';
import { LOOKUP_COMMAND_TYPE, READ_STATE_TYPE, type CommandOutcome, type CommandReply, type OutcomeRecord, type StateReply } from './outcome';

/** What the owner of a partition knows about one aggregate. */
export interface AggregateMemory<S> {
  readonly version: number;
  readonly state: S;
  /** Outcomes of the commands this aggregate has seen, by command id: the idempotency memory. */
  readonly outcomes: ReadonlyMap<string, RememberedOutcome>;
  /**
   * Why this aggregate's history cannot be read (an event in its log that does not decode, or a gap
   * in its versions): its state is unknown, so its commands are refused; the partition's other
   * aggregates carry on.
   */
  readonly unreadable?: string;
}

/** A command's outcome, with the fingerprint of the request it answered (none if remembered from before fingerprints). */
export interface RememberedOutcome {
  readonly outcome: CommandOutcome;
  readonly fingerprint?: string;
  /** When it was decided (ms since the epoch): the idempotency window runs from here. */
  readonly at: number;
}

/**
 * The memory without the outcomes decided before `before`: past the idempotency window a command
 * id is forgotten, and the same id is a new command. Outcomes are kept oldest first, so only the
 * head is looked at; the memory is returned as it is when nothing expired.
 */
export function forgetExpired<S>(memory: AggregateMemory<S>, before: number): AggregateMemory<S> {
  const first = memory.outcomes.values().next().value as RememberedOutcome | undefined;
  if (first === undefined || first.at >= before) return memory;
  return { ...memory, outcomes: new Map([...memory.outcomes].filter(([, remembered]) => remembered.at >= before)) };
}

/** An outcome to remember, as the partition's store keeps it. */
export interface NewOutcome extends RememberedOutcome {
  readonly aggregateId: string;
  readonly commandId: string;
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
  /** The reply to each record, by its index: what a caller waiting in-process is answered once the batch commits. */
  readonly replies: readonly (CommandReply | undefined)[];
  /** The new memory of every aggregate the batch touched; the owner adopts it after the commit. */
  readonly touched: ReadonlyMap<string, AggregateMemory<S>>;
  /** The outcomes the batch decided: the idempotency memory it adds, in the order decided. */
  readonly remembered: readonly NewOutcome[];
  /** Records that were not commands at all (no command id to answer to). */
  readonly undecodable: { readonly index: number; readonly reason: string }[];
  /** Commands whose decide or evolve threw: answered `failed`, to be logged with their aggregate. */
  readonly failed: { readonly index: number; readonly commandId: string; readonly aggregateId: string; readonly error: unknown }[];
}

export interface DecideBatchOptions {
  /** A decide that has not settled by then counts as one that threw: the command is answered `failed`. */
  readonly decideWithinMs?: number;
}

/** A decider is pure and quick; one that takes this long is waiting for something that will not come. */
const DECIDE_WITHIN_MS = 10_000;

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
  options: DecideBatchOptions = {},
): Promise<BatchDecision<S>> {
  const touched = new Map<string, WorkingMemory<S>>();
  const events: KeyedRecord[] = [];
  const outcomes: KeyedRecord[] = [];
  const replies: (CommandReply | undefined)[] = records.map(() => undefined);
  const undecodable: BatchDecision<S>['undecodable'] = [];
  const failed: BatchDecision<S>['failed'] = [];
  const remembered: NewOutcome[] = [];
  const at = Date.parse(now);

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
  for (const [index, value] of records.entries()) {
    const reply = (aggregateId: string, requestId: string, answer: CommandReply, fingerprint?: string) => {
      const record: OutcomeRecord = { requestId, reply: answer, ...(fingerprint === undefined ? {} : { fingerprint }) };
      outcomes.push({ key: aggregateId, value: JSON.stringify(record) });
      replies[index] = answer;
    };
    const raw = peek(value);
    if (!raw) {
      undecodable.push({ index, reason: 'not a command envelope (no commandId / aggregateId)' });
      continue;
    }

    // look-ups travel behind the commands of their aggregate, so their answers are final
    if (raw.type === LOOKUP_COMMAND_TYPE) {
      const target = typeof raw.data?.commandId === 'string' ? raw.data.commandId : '';
      const known = (touched.get(raw.aggregateId) ?? memoryOf(raw.aggregateId))?.outcomes.get(target);
      reply(raw.aggregateId, raw.commandId, known?.outcome ?? { status: 'unknown', commandId: target, aggregateId: raw.aggregateId });
      continue;
    }
    if (raw.type === READ_STATE_TYPE) {
      const known = touched.get(raw.aggregateId) ?? memoryOf(raw.aggregateId);
      const state: StateReply = { status: 'state', aggregateId: raw.aggregateId, version: known?.version ?? 0, state: known?.state ?? spec.decider.initialState };
      reply(raw.aggregateId, raw.commandId, state);
      continue;
    }

    const memory = working(raw.aggregateId);
    const fingerprint = commandFingerprint(raw.parsed as FingerprintedParts);
    const repeated = memory.outcomes.get(raw.commandId);
    // an outcome remembered from before fingerprints has none: it matches, as it always did
    if (repeated && repeated.fingerprint !== undefined && repeated.fingerprint !== fingerprint) {
      // another request under a used id: answered, but neither decided nor remembered
      reply(raw.aggregateId, raw.commandId, { status: 'reused', commandId: raw.commandId, aggregateId: raw.aggregateId }, fingerprint);
      continue;
    }
    if (repeated) {
      reply(raw.aggregateId, raw.commandId, repeated.outcome, fingerprint);
      continue;
    }

    let outcome: CommandOutcome;
    if (memory.unreadable) {
      const message = `the history of ${raw.aggregateId} cannot be read: ${memory.unreadable}`;
      outcome = { status: 'refused', commandId: raw.commandId, aggregateId: raw.aggregateId, version: memory.version, code: 'history_unreadable', message };
    } else {
      try {
        outcome = await decideOne(spec, memory, raw, now, events, options.decideWithinMs ?? DECIDE_WITHIN_MS);
      } catch (error) {
        // a bug in one command's handling: that command gets a definite answer, the partition goes on
        if (!(error instanceof DecisionFailed)) throw error;
        failed.push({ index, commandId: raw.commandId, aggregateId: raw.aggregateId, error: error.cause });
        outcome = { status: 'failed', commandId: raw.commandId, aggregateId: raw.aggregateId, version: memory.version, reason: error.message };
      }
    }
    memory.outcomes.set(raw.commandId, { outcome, fingerprint, at });
    remembered.push({ aggregateId: raw.aggregateId, commandId: raw.commandId, outcome, fingerprint, at });
    reply(raw.aggregateId, raw.commandId, outcome, fingerprint);
  }

  return { events, outcomes, replies, touched, remembered, undecodable, failed };
}

type FingerprintedParts = Parameters<typeof commandFingerprint>[0];

/** The decider threw (or did not settle) for one command: `message` says where and why, `cause` is what it threw. */
class DecisionFailed extends Error {
  constructor(stage: 'decide' | 'evolve', cause: unknown, reason = `${stage} threw: ${cause instanceof Error ? cause.message : String(cause)}`) {
    super(reason, { cause });
    this.name = 'DecisionFailed';
  }
}

/** A batch's own copy of an aggregate's memory, changed as the batch goes. */
interface WorkingMemory<S> {
  version: number;
  state: S;
  outcomes: Map<string, RememberedOutcome>;
  unreadable?: string;
}

async function decideOne<C extends CommandEnvelope, E extends DomainEvent, S>(
  spec: EventStoreSpec<C, E, S>,
  memory: WorkingMemory<S>,
  raw: PeekedCommand,
  now: string,
  appended: KeyedRecord[],
  decideWithinMs: number,
): Promise<CommandOutcome> {
  const { commandId, aggregateId } = raw;
  let command: C;
  try {
    // the record was parsed once, by peek; what is left is to validate it
    command = spec.commands.validate(raw.parsed);
  } catch (error) {
    if (!(error instanceof InvalidMessageError)) throw new DecisionFailed('decide', error);
    return { status: 'rejected', commandId, aggregateId, path: error.path, reason: error.message };
  }

  if (command.expectedVersion !== undefined && command.expectedVersion !== memory.version) {
    return { status: 'conflict', commandId, aggregateId, expectedVersion: command.expectedVersion, actualVersion: memory.version };
  }

  let decision: Decision<E>;
  let hung = false;
  try {
    // a decider is pure: one that throws, or hangs, does so for this command, not for the partition
    const decided = spec.decider.decide(command, memory.state);
    // only an answer still to come can hang (a Nest handler's); a plain decider's is here already
    decision = isPromiseLike(decided) ? await withinDeadline(Promise.resolve(decided), decideWithinMs, `deciding ${commandId}`, () => (hung = true)) : decided;
  } catch (error) {
    throw new DecisionFailed('decide', error, hung ? `decide did not settle within ${decideWithinMs} ms` : undefined);
  }
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
        // derived, so that a reaction can name the event another reaction appended (orders.reactions.ts,
        // eventOfReaction); with the aggregate, since a command id is only its client's (an
        // Idempotency-Key): two orders placed under one key by two customers must not share event ids.
        // A command id decided again on its aggregate after the idempotency window repeats its first
        // decision's ids (docs/event-store.md, limits)
        eventId: deterministicUuid(`${aggregateId}/${commandId}/${index}`),
        type: event.type,
        schemaVersion: 1, // the codec stamps the current version of the type
        aggregateId,
        aggregateVersion: version,
        occurredAt: now,
        commandId,
        correlationId: command.correlationId,
        causationId: command.commandId,
        // who caused it: the audit trail's "who" (docs/security.md); a command without one was sent before identities
        ...(command.actor === undefined ? {} : { actor: command.actor }),
        data: event.data,
      };
      encoded.push({ key: aggregateId, value: spec.events.encode(envelope) });
      state = evolved(spec, state, event);
    }
  } catch (error) {
    if (error instanceof DecisionFailed) throw error;
    if (!(error instanceof InvalidMessageError)) throw new DecisionFailed('decide', error);
    return { status: 'rejected', commandId, aggregateId, path: error.path, reason: `the decision produced an invalid event: ${error.message}` };
  }
  appended.push(...encoded);
  memory.version = version;
  memory.state = state;
  return { status: 'accepted', commandId, aggregateId, version };
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function evolved<C extends CommandEnvelope, E extends DomainEvent, S>(spec: EventStoreSpec<C, E, S>, state: S, event: E): S {
  try {
    return spec.decider.evolve(state, event);
  } catch (error) {
    throw new DecisionFailed('evolve', error);
  }
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
