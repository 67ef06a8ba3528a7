// the fixes to kafkajs hold wherever the event store's clients are made
import './kafkajs-fixes';
import { serviceTopicNames, type CommandEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import type { Consumer, Kafka } from 'kafkajs';
import { decideBatch, type EventStoreSpec } from './decide-batch';
import { watchedUntilDone } from './deadline';
import { PartitionFencedError } from './errors';
import { watchGroupMembership, type GroupLoss } from './group-membership';
import { PartitionOwner, type OwnerContext } from './partition-owner';
import { TopicOffsets } from './topic-offsets';

export interface CommandProcessorOptions<C extends CommandEnvelope, E extends DomainEvent, S> extends EventStoreSpec<C, E, S> {
  readonly kafka: Kafka;
  /** The service whose topics this processes: `<service>.commands`, `.events`, `.outcomes`, `.snapshots`. */
  readonly service: string;
  /** The consumer group shared by the service's instances; also prefixes the transactional ids. */
  readonly groupId?: string;
  /** Snapshot a partition after this many events (0: never). */
  readonly snapshotEvery?: number;
  /** Bump when the decider's state shape changes: older snapshots are then ignored. */
  readonly stateSchema?: number;
  readonly sessionTimeoutMs?: number;
  readonly clock?: () => Date;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
  /** What needs an operator's eye: a command whose decide threw, an overdue batch. `log` when not given. */
  readonly logError?: (message: string, fields?: Record<string, unknown>) => void;
  /** Test seam: runs after a batch is written and before its transaction commits. */
  readonly beforeCommit?: (partition: number) => Promise<void>;
  /**
   * How long deciding and committing a batch may take (the load before it has deadlines of its
   * own). A batch past it hangs inside kafkajs: `onGroupLost` is told, for the service to exit.
   * Default: 6 × the session timeout.
   */
  readonly batchDeadlineMs?: number;
  /**
   * The consumer is out of its group for good, or a batch hangs: no command of this instance's is
   * decided any more.
   */
  readonly onGroupLost?: (loss: GroupLoss) => void;
}

/**
 * The write side of one service: its instances share a consumer group on the commands topic, and
 * the instance that owns partition p is the only writer of every aggregate in p. For each batch
 * of a partition it decides every command against the partition's memory, then appends the
 * events and outcomes and commits the command offset in one transaction (group commit).
 */
export class CommandProcessor<C extends CommandEnvelope, E extends DomainEvent, S> {
  private readonly consumer: Consumer;
  private readonly offsets: TopicOffsets;
  private readonly owners = new Map<number, PartitionOwner<C, E, S>>();
  private readonly context: OwnerContext<C, E, S>;
  private readonly clock: () => Date;
  private assigned: number[] = [];
  private readonly counters = { batches: 0, commands: 0, events: 0 };
  private joined: Promise<void>;
  private stopWatching = () => undefined as void;
  private readonly batchDeadlineMs: number;
  /** Owners whose load at assignment is under way (or waits to be tried again). */
  private readonly warming = new Set<PartitionOwner<C, E, S>>();
  private stopping = false;

  constructor(private readonly options: CommandProcessorOptions<C, E, S>) {
    const topics = serviceTopicNames(options.service);
    const groupId = options.groupId ?? `${options.service}.command-processor`;
    this.clock = options.clock ?? (() => new Date());
    this.offsets = new TopicOffsets(options.kafka);
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    this.batchDeadlineMs = options.batchDeadlineMs ?? 6 * sessionTimeout;
    this.consumer = options.kafka.consumer({
      groupId,
      sessionTimeout,
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
      maxWaitTimeInMs: 100,
      retry: { retries: 10 },
    });
    this.context = {
      kafka: options.kafka,
      offsets: this.offsets,
      spec: options,
      topics,
      groupId,
      snapshotEvery: options.snapshotEvery ?? 0,
      stateSchema: options.stateSchema ?? 1,
      log: options.log ?? (() => undefined),
      beforeCommit: options.beforeCommit,
    };
    this.joined = new Promise((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
  }

  /** Committed so far: transactions (batches), the commands they decided, the events they appended. */
  get stats(): Readonly<{ batches: number; commands: number; events: number }> {
    return { ...this.counters };
  }

  /** The partitions this instance owns right now. */
  get partitions(): readonly number[] {
    return this.assigned;
  }

  /**
   * The partitions this instance owns that are not loaded: fenced and read up to the log's end.
   * Each is loaded as soon as it is assigned, not on its first command, so this empties by itself.
   */
  get unloaded(): readonly number[] {
    return this.assigned.filter((partition) => !this.owners.get(partition)?.loaded);
  }

  /** Resolves once the instance has joined its group (it may own no partition). */
  async start(): Promise<void> {
    const { commands } = this.context.topics;
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.onAssignment(payload.memberAssignment[commands] ?? []));
    this.stopWatching = watchGroupMembership(this.consumer, this.context.groupId, (loss) => this.options.onGroupLost?.(loss));
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: commands, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false, // the command offset is committed inside each batch's transaction
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 64,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const last = batch.messages[batch.messages.length - 1];
        if (!last || !isRunning() || isStale()) return;
        const owner = this.ownerOf(batch.partition);
        try {
          await owner.exclusive(heartbeat, async () => {
            // loading has deadlines of its own, and may rightly take long: the batch's clock starts after it
            await owner.ensureReady();
            await watchedUntilDone(
              async () => {
                const decision = await decideBatch(this.options, (id) => owner.memoryOf(id), batch.messages.map((m) => m.value), this.clock().toISOString());
                for (const { index, reason } of decision.undecodable) {
                  this.context.log('command record ignored', { partition: batch.partition, offset: batch.messages[index]?.offset, reason });
                }
                for (const { index, commandId, aggregateId, error } of decision.failed) {
                  this.logError('command failed: deciding it threw; it is answered "failed" and the partition goes on', {
                    partition: batch.partition,
                    offset: batch.messages[index]?.offset,
                    aggregateId,
                    commandId,
                    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
                  });
                }
                await owner.commit(decision, String(BigInt(last.offset) + 1n));
                resolveOffset(last.offset);
                this.counters.batches += 1;
                this.counters.commands += batch.messages.length;
                this.counters.events += decision.events.length;
                await heartbeat();
                await owner.snapshotIfDue();
              },
              this.batchDeadlineMs,
              () => this.overdue(batch.partition),
            );
          });
        } catch (error) {
          if (!(error instanceof PartitionFencedError)) throw error; // kafkajs retries the batch
          // a newer owner exists: stop here until the group says this instance owns p again
          this.context.log('partition fenced; pausing it until the next assignment', { partition: batch.partition });
          this.consumer.pause([{ topic: this.context.topics.commands, partitions: [batch.partition] }]);
          await this.release(batch.partition);
        }
      },
    });
    await this.joined;
  }

  /** Stops taking commands, finishes the batch in hand, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopWatching();
    await this.consumer.disconnect();
    await Promise.all([...this.owners.keys()].map((partition) => this.release(partition)));
    await this.offsets.disconnect();
  }

  private ownerOf(partition: number): PartitionOwner<C, E, S> {
    let owner = this.owners.get(partition);
    if (!owner) {
      owner = new PartitionOwner(this.context, partition);
      this.owners.set(partition, owner);
    }
    return owner;
  }

  private onAssignment(partitions: number[]): void {
    this.assigned = [...partitions].sort((a, b) => a - b);
    this.context.log('partitions assigned', { partitions: this.assigned });
    // another instance may have owned any of them in between: check each against the log first
    for (const [partition, owner] of this.owners) {
      if (partitions.includes(partition)) owner.invalidate();
      else void this.release(partition);
    }
    if (partitions.length > 0) this.consumer.resume([{ topic: this.context.topics.commands, partitions }]);
    // loaded now, not on the first command: a quiet partition is ready too, and readiness can wait for all
    for (const partition of this.assigned) this.warm(this.ownerOf(partition));
  }

  /** Loads a partition in the background, trying again (with a growing pause) until it is loaded or no longer this instance's. */
  private warm(owner: PartitionOwner<C, E, S>): void {
    if (this.warming.has(owner)) return;
    this.warming.add(owner);
    const current = () => !this.stopping && this.owners.get(owner.partition) === owner;
    const attempt = async (failures: number): Promise<void> => {
      if (!current()) return void this.warming.delete(owner);
      try {
        await owner.exclusive(async () => undefined, () => owner.ensureReady());
        this.warming.delete(owner);
      } catch (error) {
        if (!current()) return void this.warming.delete(owner);
        const pause = Math.min(30_000, 1_000 * 2 ** failures);
        const reason = error instanceof Error ? error.message : String(error);
        this.logError('loading a partition failed; trying again', { partition: owner.partition, inMs: pause, error: reason });
        setTimeout(() => void attempt(failures + 1), pause).unref();
      }
    };
    void attempt(0);
  }

  /** A batch hangs: nothing more of this partition will be decided here; the service is told, to exit. */
  private overdue(partition: number): void {
    const reason = `a batch of ${this.context.topics.commands}/${partition} has not finished within ${this.batchDeadlineMs} ms`;
    this.logError('batch overdue', { partition, reason });
    this.options.onGroupLost?.({ groupId: this.context.groupId, reason });
  }

  private logError(message: string, fields?: Record<string, unknown>): void {
    (this.options.logError ?? this.context.log)(message, fields);
  }

  private async release(partition: number): Promise<void> {
    const owner = this.owners.get(partition);
    this.owners.delete(partition);
    await owner?.release();
  }
}
