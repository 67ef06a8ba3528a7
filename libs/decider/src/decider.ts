/**
 * The decider model: the whole behaviour of an aggregate as three pure pieces. No framework, no
 * I/O, no clock and no randomness — time and ids arrive in the command's metadata.
 */

/** A fact as the domain sees it; the event store wraps it in the envelope (ids, versions, time). */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** An intent, with the metadata a decision may use (`issuedAt` for time, `commandId` for ids). */
export interface DomainCommand<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly aggregateId: string;
  readonly commandId: string;
  readonly issuedAt: string;
  readonly data: TData;
}

/** The domain view of a union of event envelopes: each member's `type` and `data`, nothing else. */
export type DomainEventOf<E> = E extends DomainEvent ? Pick<E, 'type' | 'data'> : never;

/** The domain view of a union of command envelopes: what a decision may read. */
export type DomainCommandOf<C> = C extends DomainCommand ? Pick<C, 'type' | 'aggregateId' | 'commandId' | 'issuedAt' | 'data'> : never;

/** A business rule said no. `code` is stable (clients branch on it); `message` is for people. */
export interface Refusal {
  readonly kind: 'refused';
  readonly code: string;
  readonly message: string;
}

export type Decision<E> = { readonly kind: 'accepted'; readonly events: readonly E[] } | Refusal;

export interface Decider<C extends DomainCommand, E extends DomainEvent, S> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): Decision<E>;
}

export function accept<E>(...events: E[]): Decision<E> {
  return { kind: 'accepted', events };
}

export function refuse(code: string, message: string): Refusal {
  return { kind: 'refused', code, message };
}

/** The state after `events`, from the initial state: how an aggregate, or a rewound one, is rebuilt. */
export function fold<C extends DomainCommand, E extends DomainEvent, S>(decider: Decider<C, E, S>, events: Iterable<E>): S {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
