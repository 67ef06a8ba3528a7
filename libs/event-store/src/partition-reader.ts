import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { TopicOffsets } from './topic-offsets';

export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  /** First offset to read. */
  readonly from: string;
  /** Read until the position reaches this offset (the end offset taken before reading). */
  readonly to: string;
}

export interface ReadPartitionsOptions {
  /** A read that shows no sign of life for this long is given up and taken up again by a fresh group. */
  readonly stallMs?: number;
  /** How many fresh groups are tried before the read fails. */
  readonly attempts?: number;
  /** Told of each stall, before the read goes on with a fresh group (or fails). */
  readonly onStall?: (stall: { readonly ranges: readonly PartitionRange[]; readonly attempt: number }) => void;
  /** Where the partitions' log starts are asked; a client of the read's own when not given. */
  readonly offsets?: TopicOffsets;
}

/** A throw-away group normally joins in well under a second; a whole fetch batch arrives in less. */
const DEFAULT_STALL_MS = 15_000;
const DEFAULT_ATTEMPTS = 5;

/** A read that made no progress for too long, as many times as it was tried. */
export class PartitionReadStalled extends Error {
  override readonly name = 'PartitionReadStalled';
}

/**
 * Reads committed records of some topic partitions from given offsets to given end offsets, in
 * order per partition. kafkajs has no manual assignment, so a throw-away consumer group subscribes
 * to the topics, seeks the wanted partitions and pauses the rest.
 *
 * The end is reached when the position passes `to`; transaction markers occupy offsets too, and
 * kafkajs reports batches made only of markers through END_BATCH_PROCESS, which is watched here.
 *
 * A throw-away group can wedge: after connections were cut mid-join, the fault suite saw one stay
 * in PreparingRebalance for good, its member re-joining every 30 s under a new id. So a read that
 * shows no sign of life (a join, a batch) for `stallMs` is abandoned, and what is left of it is
 * read by a fresh group, from the offset after the last record handed over: nothing twice.
 *
 * Records below a partition's log start are gone (retention, delete-records). kafkajs resets a
 * seek below the log start to the log start, so a range is read from there; but a range whose
 * log start has reached `to` has nothing left to fetch, and no batch would ever say its end was
 * reached: the read of an emptied partition stalled for good. So each attempt asks the log starts
 * beside the read (not before it, which would add a round trip to every read), and a range whose
 * start has reached its end counts as read.
 */
export async function readPartitions(
  kafka: Kafka,
  ranges: readonly PartitionRange[],
  onMessage: (topic: string, partition: number, message: KafkaMessage) => void,
  heartbeat: () => Promise<void> = async () => undefined,
  options: ReadPartitionsOptions = {},
): Promise<void> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const next = new Map<string, string>();
  const remaining = () =>
    ranges.map((range) => ({ ...range, from: next.get(rangeKey(range.topic, range.partition)) ?? range.from })).filter((range) => BigInt(range.from) < BigInt(range.to));
  let own: TopicOffsets | undefined;
  const asked: Promise<unknown>[] = [];
  try {
    for (let attempt = 1; ; attempt++) {
      const pending = remaining();
      if (pending.length === 0) return;
      // asked again for each attempt: retention may have moved a start while a group stalled
      const emptied = logStarts(options.offsets ?? (own ??= new TopicOffsets(kafka)), pending).then(
        (starts) => {
          const read = new Set<string>();
          for (const range of pending) {
            const key = rangeKey(range.topic, range.partition);
            const start = starts.get(key);
            if (start === undefined) continue;
            // what is left begins there (records handed over meanwhile lie past it)
            if (BigInt(start) > BigInt(next.get(key) ?? range.from)) next.set(key, start);
            if (BigInt(start) >= BigInt(range.to)) read.add(key);
          }
          return read;
        },
        // an ask that fails finds nothing: a range it would have found empty stalls, and is asked about again
        () => new Set<string>(),
      );
      asked.push(emptied);
      const finished = await readOnce(kafka, pending, stallMs, heartbeat, emptied, (topic, partition, message) => {
        onMessage(topic, partition, message);
        next.set(rangeKey(topic, partition), (BigInt(message.offset) + 1n).toString());
      });
      if (finished) return;
      options.onStall?.({ ranges: remaining(), attempt });
      if (attempt >= attempts) {
        throw new PartitionReadStalled(`reading ${pending.map((range) => `${range.topic}/${range.partition}`).join(', ')} made no progress for ${stallMs} ms, ${attempt} times in a row`);
      }
    }
  } finally {
    // a read that ended by its records does not wait for the asks (each has a deadline)
    const client = own;
    if (client) void Promise.allSettled(asked).then(() => client.disconnect());
  }
}

/** Each range's partition's log start (its first offset still kept), by range key. */
async function logStarts(offsets: TopicOffsets, ranges: readonly PartitionRange[]): Promise<Map<string, string>> {
  const starts = new Map<string, string>();
  for (const topic of new Set(ranges.map((range) => range.topic))) {
    for (const { partition, low } of await offsets.of(topic)) starts.set(rangeKey(topic, partition), low);
  }
  return starts;
}

const rangeKey = (topic: string, partition: number) => `${topic}/${partition}`;

/** One throw-away group's read: true when every range reached its end, false when it stalled. */
async function readOnce(
  kafka: Kafka,
  pending: readonly PartitionRange[],
  stallMs: number,
  heartbeat: () => Promise<void>,
  /** The ranges found read already, by their log start: they count as reached when it comes. */
  emptied: Promise<ReadonlySet<string>>,
  onMessage: (topic: string, partition: number, message: KafkaMessage) => void,
): Promise<boolean> {
  const wanted = new Map(pending.map((range) => [rangeKey(range.topic, range.partition), range]));
  const remaining = new Set(wanted.keys());
  // short sessions: a member left behind by a cut connection is dropped soon, not after 30 s
  const consumer = kafka.consumer({ groupId: `rewind-partition-reader-${randomUUID()}`, maxWaitTimeInMs: 100, sessionTimeout: 10_000, rebalanceTimeout: 10_000 });

  let settle: (outcome: boolean | Error) => void = () => undefined;
  const outcome = new Promise<boolean | Error>((resolve) => (settle = resolve));
  // an abandoned read hands over nothing more, whatever its consumer still fetches
  let abandoned = false;
  let stall: NodeJS.Timeout | undefined;
  const alive = () => {
    clearTimeout(stall);
    stall = setTimeout(() => settle(false), stallMs);
  };
  const reached = (topic: string, partition: number, lastOffset: string) => {
    alive();
    const range = wanted.get(rangeKey(topic, partition));
    if (range && BigInt(lastOffset) + 1n >= BigInt(range.to)) {
      remaining.delete(rangeKey(topic, partition));
      if (remaining.size === 0) settle(true);
    }
  };

  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reached(payload.topic, payload.partition, payload.lastOffset));
  void emptied.then((read) => {
    for (const key of read) remaining.delete(key);
    if (remaining.size === 0) settle(true);
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    alive();
    for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
      const others = partitions.filter((partition) => !wanted.has(rangeKey(topic, partition)));
      if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
    }
    for (const range of pending) consumer.seek({ topic: range.topic, partition: range.partition, offset: range.from });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => settle(payload.error));

  // the caller's group must not lose its member while this one joins or waits (a batch beats too)
  const beating = setInterval(() => heartbeat().catch((error: unknown) => settle(error instanceof Error ? error : new Error(String(error)))), 3_000);
  alive();
  try {
    // not awaited on its own: a connect or join that never settles is a stall like any other
    const setUp = (async () => {
      await consumer.connect();
      // a connect that came back after the read was given up: leave, do not start fetching
      if (abandoned) return void (await consumer.disconnect());
      for (const topic of new Set(pending.map((range) => range.topic))) await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const range = wanted.get(rangeKey(batch.topic, batch.partition));
          if (!range || abandoned) return;
          alive();
          try {
            for (const message of batch.messages) {
              // records past the end offset belong to a later owner's writes: not part of this read
              if (!abandoned && BigInt(message.offset) < BigInt(range.to)) onMessage(batch.topic, batch.partition, message);
            }
          } catch (error) {
            settle(error instanceof Error ? error : new Error(String(error))); // a record that cannot be folded ends the read at once, not after retries
            return;
          }
          await heartbeat();
        },
      });
    })();
    setUp.catch((error: unknown) => settle(error instanceof Error ? error : new Error(String(error))));
    const result = await outcome;
    abandoned = true;
    if (result instanceof Error) throw result;
    return result;
  } finally {
    abandoned = true;
    clearTimeout(stall);
    clearInterval(beating);
    // a wedged group may not let its member leave in time: the read goes on without waiting for it
    await Promise.race([consumer.disconnect().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}
