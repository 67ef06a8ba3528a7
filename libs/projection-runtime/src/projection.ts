import type { EventCodec, EventEnvelope } from '@rewind/contracts';

/** A topic a projection reads, under a short stream name that documents use to track what they applied. */
export interface ProjectionSource {
  /** Letters only: it becomes a field name in every document. */
  readonly stream: string;
  readonly topic: string;
  readonly codec: EventCodec<EventEnvelope>;
}

/**
 * A read model: a pure fold of events into documents, one document per id. Each document follows
 * at most one aggregate per source stream (an order, its payment, its shipment), whose versions it
 * remembers, so an event it has already applied — after a crash or a rebalance — is skipped.
 */
export interface ProjectionDefinition<D extends object> {
  readonly name: string;
  readonly sources: readonly ProjectionSource[];
  /** The document an event belongs to; undefined when the projection ignores the event. */
  documentId(event: EventEnvelope, stream: string): string | undefined;
  /** Pure: the document after the event; `undefined` when there is none yet (any topic may come first). */
  evolve(document: D | undefined, event: EventEnvelope, stream: string): D;
}

/** The topics a projection reads. */
export const sourceTopics = (definition: Pick<ProjectionDefinition<object>, 'sources'>): string[] => definition.sources.map((source) => source.topic);

/** How a document is stored: the model itself, and the last version applied per source stream. */
export interface StoredDocument<D> {
  readonly _id: string;
  readonly model: D;
  readonly applied: Readonly<Record<string, number>>;
}

/** What a batch does with an event it cannot fold: the projector dead-letters it and holds its key. */
export interface GiveUp<T> {
  /** The event waits behind an earlier one of its key that was given up on. */
  isHeld(item: T): boolean;
  reject(item: T, reason: string): void;
}

/**
 * Folds events into stored documents, skipping what each already applied. Pure: the batch logic of
 * the projector, and what a test's independent fold is compared with. An event that arrives after
 * a gap in its aggregate's versions, or whose fold throws, is handed to `giveUp` and changes
 * nothing; without `giveUp` it is an error.
 */
export function foldInto<D extends object, T extends { readonly event: EventEnvelope; readonly stream: string }>(
  definition: ProjectionDefinition<D>,
  documents: Map<string, StoredDocument<D>>,
  events: readonly T[],
  giveUp: GiveUp<T> = failOnRejection,
): Set<string> {
  const changed = new Set<string>();
  for (const item of events) {
    const { event, stream } = item;
    const id = definition.documentId(event, stream);
    if (id === undefined) continue;
    if (giveUp.isHeld(item)) {
      giveUp.reject(item, 'held');
      continue;
    }
    const current = documents.get(id);
    const applied = current?.applied[stream] ?? 0;
    // a rebalance or a crash redelivers; skip versions already applied
    if (applied >= event.aggregateVersion) continue;
    if (event.aggregateVersion !== applied + 1) {
      giveUp.reject(item, `version gap: ${stream} ${event.aggregateId} is at version ${applied} in ${id}, the event is version ${event.aggregateVersion}`);
      continue;
    }
    let model: D;
    try {
      model = definition.evolve(current?.model, event, stream);
    } catch (error) {
      giveUp.reject(item, `fold failed: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    documents.set(id, { _id: id, model, applied: { ...current?.applied, [stream]: event.aggregateVersion } });
    changed.add(id);
  }
  return changed;
}

const failOnRejection: GiveUp<{ readonly event: EventEnvelope }> = {
  isHeld: () => false,
  reject: ({ event }, reason) => {
    throw new Error(`cannot fold event ${event.eventId} (${event.type}): ${reason}`);
  },
};
