/** Failures of the event store. `retriable` says whether trying the same thing again can help. */
export class EventStoreError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EventStoreError';
  }
}

/**
 * Another instance has taken over a partition and initialised its transactional id: this
 * instance's producer for it is fenced, and nothing it writes there will ever commit.
 */
export class PartitionFencedError extends EventStoreError {
  constructor(
    readonly partition: number,
    cause: unknown,
  ) {
    super(`partition ${partition}: this instance was fenced by a newer owner`, false, { cause });
    this.name = 'PartitionFencedError';
  }
}

/**
 * This instance does not own the partition (any more): the group gave it to another instance, or
 * this one was fenced. Nothing of the request was decided here; ask the partition's owner.
 */
export class PartitionNotOwnedError extends EventStoreError {
  constructor(
    readonly partition: number,
    options?: { cause?: unknown },
  ) {
    super(`partition ${partition} is not owned by this instance`, true, options);
    this.name = 'PartitionNotOwnedError';
  }
}

const FENCING_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);

/** Whether a kafkajs error (or one it wraps) says that the producer's epoch is no longer current. */
export function isFencing(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { type?: string; originalError?: unknown; cause?: unknown };
    if (candidate.type && FENCING_TYPES.has(candidate.type)) return true;
    current = candidate.originalError ?? candidate.cause;
  }
  return false;
}
