import type { Consumer } from 'kafkajs';

/** A consumer out of its group for good, and why. */
export interface GroupLoss {
  readonly groupId: string;
  readonly reason: string;
}

/** How long a restarted consumer may take to rejoin its group before it counts as lost. */
export const REJOIN_WITHIN_MS = 60_000;

/**
 * Calls `onLost` once when a consumer is out of its group for good: kafkajs gave up on it after a
 * crash, or restarted it and it has not rejoined within `rejoinWithinMs`. The fault suite saw the
 * second after Kafka connections were cut: "Restarting the consumer in 300ms", then nothing, with
 * the process alive and idle. Returns a function that stops watching (call it before a stop).
 */
export function watchGroupMembership(consumer: Pick<Consumer, 'on' | 'events'>, groupId: string, onLost: (loss: GroupLoss) => void, rejoinWithinMs = REJOIN_WITHIN_MS): () => void {
  let rejoin: NodeJS.Timeout | undefined;
  let lost = false;
  const lose = (reason: string) => {
    clearTimeout(rejoin);
    if (lost) return;
    lost = true;
    onLost({ groupId, reason });
  };
  const removers = [
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const error = payload.error instanceof Error ? payload.error.message : String(payload.error);
      if (!payload.restart) return lose(`the consumer crashed and was not restarted: ${error}`);
      if (rejoin) return;
      rejoin = setTimeout(() => lose(`the consumer crashed (${error}) and has not rejoined its group within ${rejoinWithinMs} ms`), rejoinWithinMs);
      rejoin.unref();
    }),
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(rejoin);
      rejoin = undefined;
    }),
  ];
  return () => {
    clearTimeout(rejoin);
    for (const remove of removers) remove();
  };
}
