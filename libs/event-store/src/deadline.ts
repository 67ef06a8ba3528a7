import { EventStoreError } from './errors';

/**
 * A Kafka call that must settle within `ms`, or fail with a retriable error that says what did
 * not come. kafkajs calls have request timeouts, but the fault suite saw some never settle after
 * connections were cut (an admin's offsets, a producer's connect): whatever waits on them waits
 * for good. The call itself is not cancelled; `abandon` runs when its deadline passes, to throw
 * away the client it was made with.
 */
export async function withinDeadline<T>(call: Promise<T>, ms: number, what: string, abandon?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      abandon?.();
      reject(new EventStoreError(`${what} did not come within ${ms} ms`, true));
    }, ms);
  });
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `work` and calls `overdue` once if it has not settled within `ms`. Unlike withinDeadline it
 * does not fail the work: a batch that hangs inside kafkajs cannot be given up safely from inside
 * the process (its consumer and transaction are in an unknown state), so the caller is told, to
 * exit and be started afresh, as it is when a consumer is out of its group for good.
 */
export async function watchedUntilDone<T>(work: () => Promise<T>, ms: number, overdue: () => void): Promise<T> {
  const timer = setTimeout(overdue, ms);
  timer.unref();
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
