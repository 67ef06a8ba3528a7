import { type z } from 'zod';
import { commandEnvelopeSchema, eventEnvelopeSchema, type CommandEnvelope, type EventEnvelope } from './envelope';

/** Why a record could not be turned into a message: the dead-letter reason, and the field at fault. */
export class InvalidMessageError extends Error {
  constructor(
    message: string,
    /** Where in the record the problem is, as a JSON path such as `data.lines[0].quantity`. */
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'InvalidMessageError';
  }
}

/**
 * One event type: its current payload schema, and how each older `schemaVersion` of its payload
 * becomes the next one. Upcasters are pure and never fail on a payload that was valid when written.
 */
export interface EventContract<TType extends string, TData> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly schema: z.ZodType<TData>;
  /** `upcasters[n]` turns a version-n payload into a version n+1 payload. */
  readonly upcasters: Readonly<Record<number, (data: unknown) => unknown>>;
}

export interface CommandContract<TType extends string, TData> {
  readonly type: TType;
  readonly schema: z.ZodType<TData>;
}

export function eventContract<TType extends string, TData>(
  type: TType,
  schema: z.ZodType<TData>,
  options: { schemaVersion?: number; upcasters?: Record<number, (data: unknown) => unknown> } = {},
): EventContract<TType, TData> {
  const schemaVersion = options.schemaVersion ?? 1;
  const upcasters = options.upcasters ?? {};
  for (let version = 1; version < schemaVersion; version++) {
    if (!upcasters[version]) throw new Error(`event ${type}: no upcaster from schema version ${version} to ${version + 1}`);
  }
  return { type, schemaVersion, schema, upcasters };
}

export function commandContract<TType extends string, TData>(type: TType, schema: z.ZodType<TData>): CommandContract<TType, TData> {
  return { type, schema };
}

/** The event union a set of contracts describes, each at its current schema version. */
export type EventOf<C extends EventContract<string, unknown>> = C extends EventContract<infer T, infer D> ? EventEnvelope<T, D> : never;
export type CommandOf<C extends CommandContract<string, unknown>> = C extends CommandContract<infer T, infer D> ? CommandEnvelope<T, D> : never;

/**
 * Encodes and decodes the events of one stream. Decoding validates the envelope, upcasts the
 * payload to the current schema version and validates it; encoding validates before anything is
 * written. Either way an invalid message is an `InvalidMessageError` naming the field at fault.
 */
export class EventCodec<E extends EventEnvelope> {
  private readonly contracts: ReadonlyMap<string, EventContract<string, unknown>>;

  constructor(contracts: readonly EventContract<string, unknown>[]) {
    this.contracts = new Map(contracts.map((contract) => [contract.type, contract]));
  }

  get types(): string[] {
    return [...this.contracts.keys()];
  }

  decode(value: Buffer | string | null): E {
    const envelope = parse(eventEnvelopeSchema, parseJson(value), '');
    const contract = this.contracts.get(envelope.type);
    if (!contract) throw new InvalidMessageError(`unknown event type "${envelope.type}"`, 'type');
    if (envelope.schemaVersion > contract.schemaVersion) {
      throw new InvalidMessageError(`schema version ${envelope.schemaVersion} is newer than this code knows (${contract.schemaVersion})`, 'schemaVersion');
    }
    let data = envelope.data;
    for (let version = envelope.schemaVersion; version < contract.schemaVersion; version++) {
      const upcast = contract.upcasters[version];
      if (!upcast) throw new Error(`event ${contract.type}: no upcaster from schema version ${version}`);
      data = upcast(data);
    }
    return { ...envelope, schemaVersion: contract.schemaVersion, data: parse(contract.schema, data, 'data') } as E;
  }

  encode(event: E): string {
    const contract = this.contracts.get(event.type);
    if (!contract) throw new InvalidMessageError(`unknown event type "${event.type}"`, 'type');
    const envelope = parse(eventEnvelopeSchema, { ...event, schemaVersion: contract.schemaVersion }, '');
    return JSON.stringify({ ...envelope, data: parse(contract.schema, event.data, 'data') });
  }
}

/** Encodes and decodes the commands of one service, validating both ways. */
export class CommandCodec<C extends CommandEnvelope> {
  private readonly contracts: ReadonlyMap<string, CommandContract<string, unknown>>;

  constructor(contracts: readonly CommandContract<string, unknown>[]) {
    this.contracts = new Map(contracts.map((contract) => [contract.type, contract]));
  }

  decode(value: Buffer | string | null): C {
    return this.validate(parse(commandEnvelopeSchema, parseJson(value), ''));
  }

  encode(command: C): string {
    return JSON.stringify(this.validate(command));
  }

  /** Checks a command built in code (or decoded) against its envelope and payload schemas. */
  validate(command: unknown): C {
    const envelope = parse(commandEnvelopeSchema, command, '');
    const contract = this.contracts.get(envelope.type);
    if (!contract) throw new InvalidMessageError(`unknown command type "${envelope.type}"`, 'type');
    return { ...envelope, data: parse(contract.schema, envelope.data, 'data') } as C;
  }
}

function parseJson(value: Buffer | string | null): unknown {
  if (value === null) throw new InvalidMessageError('the record has no value', '');
  try {
    return JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch {
    throw new InvalidMessageError('the record value is not JSON', '');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, at: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  if (!issue) throw new InvalidMessageError('invalid', at);
  const path = [at, ...issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))]
    .filter(Boolean)
    .join('.')
    .replace(/\.\[/g, '[');
  throw new InvalidMessageError(issue.message, path);
}
