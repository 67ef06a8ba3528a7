import { z } from 'zod';

/** Ids are UUIDs in their canonical text form. */
export const idSchema = z.uuid();
const isoInstant = z.iso.datetime({ offset: true });

/** The roles an identity may hold (docs/security.md): what each may do is decided at the HTTP edge. */
export const roles = ['customer', 'operator', 'warehouse', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * Who caused a command, and so its events: a person, by the subject of the verified token and the
 * role the request was allowed under; or a service, for a saga reaction, with the event it reacted
 * to (`trigger`; absent for a tool that acts on its own, such as the repair CLI). Absent on events
 * written before identities existed: they still read.
 */
export const actorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), subject: z.string().min(1).max(200), role: z.enum(roles) }),
  z.object({ kind: z.literal('service'), service: z.string().min(1).max(200), trigger: z.string().min(1).max(200).optional() }),
]);
export type Actor = z.infer<typeof actorSchema>;

/**
 * The one shape every event has on the wire: the record value, as UTF-8 JSON, of a record
 * keyed by `aggregateId`. `data` is the event type's own payload at `schemaVersion`.
 */
export const eventEnvelopeSchema = z.object({
  eventId: idSchema,
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  aggregateId: z.string().min(1),
  /** 1, 2, 3 … without gaps, per aggregate. */
  aggregateVersion: z.number().int().min(1),
  occurredAt: isoInstant,
  /** The command that caused this event; every event has one. */
  commandId: z.string().min(1),
  /** The id shared by everything one request set in motion, across services. */
  correlationId: z.string().min(1),
  /** The id of the message (command or event) that directly caused this one. */
  causationId: z.string().min(1),
  /** Who caused it; absent on events written before identities existed. */
  actor: actorSchema.optional(),
  data: z.unknown(),
});

export interface EventEnvelope<TType extends string = string, TData = unknown> {
  readonly eventId: string;
  readonly type: TType;
  readonly schemaVersion: number;
  readonly aggregateId: string;
  readonly aggregateVersion: number;
  readonly occurredAt: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor?: Actor;
  readonly data: TData;
}

/** What a command carries besides its payload; keyed on the wire by `aggregateId`. */
export const commandEnvelopeSchema = z.object({
  /** The `Idempotency-Key` of the request, or derived from the triggering event for a saga reaction. */
  commandId: z.string().min(1).max(200),
  type: z.string().min(1),
  aggregateId: z.string().min(1),
  /** When given, the command applies only if the aggregate is at exactly this version. */
  expectedVersion: z.number().int().min(0).optional(),
  issuedAt: isoInstant,
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  /** Who issued it: the verified caller of an HTTP request, or the service of a saga reaction; its events carry it. */
  actor: actorSchema.optional(),
  data: z.unknown(),
});

export interface CommandEnvelope<TType extends string = string, TData = unknown> {
  readonly commandId: string;
  readonly type: TType;
  readonly aggregateId: string;
  readonly expectedVersion?: number;
  readonly issuedAt: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor?: Actor;
  readonly data: TData;
}
