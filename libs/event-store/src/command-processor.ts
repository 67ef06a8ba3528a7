import { serviceTopicNames, type CommandEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import type { Consumer, Kafka } from 'kafkajs';
import { decideBatch, type EventStoreSpec } from './decide-batch';
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
  /** Test seam: runs after a batch is written and before its transaction commits. */
  readonly beforeCommit?: (partition: number) => Promise<void>;
  /** The consumer is out of its group for good: no command of this instance's is decided any more. */
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

  constructor(private readonly options: CommandProcessorOptions<C, E, S>) {
    const topics = serviceTopicNames(options.service);
    const groupId = options.groupId ?? `${options.service}.command-processor`;
    this.clock = options.clock ?? (() => new Date());
    this.offsets = new TopicOffsets(options.kafka);
    this.consumer = options.kafka.consumer({
      groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
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
          await owner.ensureReady(heartbeat);
          const decision = await decideBatch(this.options, (id) => owner.memoryOf(id), batch.messages.map((m) => m.value), this.clock().toISOString());
          for (const { index, reason } of decision.undecodable) {
            this.context.log('command record ignored', { partition: batch.partition, offset: batch.messages[index]?.offset, reason });
          }
          await owner.commit(decision, String(BigInt(last.offset) + 1n));
          resolveOffset(last.offset);
          this.counters.batches += 1;
          this.counters.commands += batch.messages.length;
          this.counters.events += decision.events.length;
          await heartbeat();
          await owner.snapshotIfDue();
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
  }

  private async release(partition: number): Promise<void> {
    const owner = this.owners.get(partition);
    this.owners.delete(partition);
    await owner?.release();
  }
}
