// the fixes to kafkajs hold wherever the event store's clients are made
import './kafkajs-fixes';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMAND_RETENTION_MS, serviceTopicNames, type CommandEnvelope } from '@rewind/contracts';
import type { DomainEvent } from '@rewind/decider';
import type { Consumer, GroupDescription, Kafka } from 'kafkajs';
import { AggregateCache } from './aggregate-cache';
import type { AggregateMemory, EventStoreSpec } from './decide-batch';
import { withinDeadline } from './deadline';
import { EventStoreError, PartitionFencedError, PartitionNotOwnedError } from './errors';
import { watchGroupMembership, type GroupLoss } from './group-membership';
import type { CommandOutcome, CommandReply, ReusedCommand, StateReply } from './outcome';
import { assignedIn, ownershipAssigners, partitionOf, type AdvertisedMember } from './ownership';
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
  /** Bump when the decider's state shape changes: older snapshots (and stores) are then ignored. */
  readonly stateSchema?: number;
  /**
   * Where the partitions' stores live (one SQLite file per partition). Kept across restarts, a
   * restarted instance reads only the log's tail after each store's checkpoint. Unset: a fresh
   * temporary directory, removed at stop, so every start restores from the snapshots topic.
   */
  readonly stateDir?: string;
  /** How many aggregates the instance keeps in memory, over all its partitions. Default 10,000. */
  readonly cacheEntries?: number;
  /** How long a command's outcome is remembered (its id names that command). Default 7 days, the outcomes topic's retention. */
  readonly idempotencyWindowMs?: number;
  readonly sessionTimeoutMs?: number;
  readonly clock?: () => Date;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
  /** What needs an operator's eye: a command whose decide threw, an overdue batch. `log` when not given. */
  readonly logError?: (message: string, fields?: Record<string, unknown>) => void;
  /** Test seam: runs after a batch is written and before its transaction commits. */
  readonly beforeCommit?: (partition: number) => Promise<void>;
  /** Test seam: runs after a commit succeeded; one that throws is a commit whose answer was lost. */
  readonly afterCommit?: (partition: number) => Promise<void>;
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
  /**
   * How the other instances reach this one (its advertised URL, and the credential it accepts when
   * the deployment gives none): published to the group with this member's subscription, and read
   * back by every member (`describeGroup`, `ownership.ts`). Without it the group assigns round robin
   * and publishes nothing: commands then reach their owner through the commands topic only.
   */
  readonly advertise?: Omit<AdvertisedMember, 'owned'>;
}

/** Which partitions this member was given, and its id in the group, at its latest join. */
export interface Membership {
  readonly memberId: string;
  readonly partitions: readonly number[];
}

/**
 * The write side of one service: its instances share a consumer group on the commands topic, and
 * the instance that owns partition p is the only writer of every aggregate in p. Commands reach
 * the owner of their partition two ways: in-process (`send`, for HTTP requests this instance owns
 * or another instance forwarded), and through the commands topic (saga reactions, and any other
 * producer). Both queue at the partition's owner, which decides whatever is queued in one
 * transaction (group commit) and answers at commit.
 */
export class CommandProcessor<C extends CommandEnvelope, E extends DomainEvent, S> {
  private readonly consumer: Consumer;
  private readonly offsets: TopicOffsets;
  private readonly owners = new Map<number, PartitionOwner<C, E, S>>();
  private readonly context: OwnerContext<C, E, S>;
  private assigned: number[] = [];
  private membership: Membership | undefined;
  private readonly counters = { batches: 0, commands: 0, events: 0 };
  private joined: Promise<void>;
  private stopWatching = () => undefined as void;
  private readonly joinListeners = new Set<(membership: Membership) => void>();
  private stopping = false;
  /** Joins of this member so far, and when the latest was: a description of the group from before it is out of date. */
  private joins = 0;
  private joinedAt = 0;
  /** Partitions whose owner stopped and whose assignment is being checked: no new owner is made for them meanwhile. */
  private readonly suspended = new Set<number>();
  /** The latest description of the group asked for, shared by the owners that check their assignment at once. */
  private description: { requestedAt: number; group: Promise<GroupDescription> } | undefined;
  /** The commands topic's partition count, read at start. */
  private partitionCount = 0;
  /** A state directory of this processor's own (none was given): removed at stop. */
  private readonly temporaryStateDir: string | undefined;
  private readonly cache: AggregateCache<AggregateMemory<S>>;

  constructor(private readonly options: CommandProcessorOptions<C, E, S>) {
    const topics = serviceTopicNames(options.service);
    const groupId = options.groupId ?? `${options.service}.command-processor`;
    this.offsets = new TopicOffsets(options.kafka);
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    const batchDeadlineMs = options.batchDeadlineMs ?? 6 * sessionTimeout;
    const advertise = options.advertise;
    this.consumer = options.kafka.consumer({
      groupId,
      sessionTimeout,
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
      // HTTP commands do not come through here: a long poll costs no latency (a fetch is answered
      // as soon as a record arrives) and fewer requests
      maxWaitTimeInMs: 500,
      retry: { retries: 10 },
      ...(advertise ? { partitionAssigners: ownershipAssigners(() => ({ ...advertise, owned: this.assigned })) } : {}),
    });
    const log = options.log ?? (() => undefined);
    this.temporaryStateDir = options.stateDir === undefined ? mkdtempSync(join(tmpdir(), 'rewind-state-')) : undefined;
    this.cache = new AggregateCache(options.cacheEntries ?? DEFAULT_CACHE_ENTRIES);
    this.context = {
      kafka: options.kafka,
      offsets: this.offsets,
      spec: options,
      topics,
      groupId,
      snapshotEvery: options.snapshotEvery ?? 0,
      stateSchema: options.stateSchema ?? 1,
      cache: this.cache,
      stateDir: options.stateDir ?? (this.temporaryStateDir as string),
      idempotencyWindowMs: options.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS,
      batchDeadlineMs,
      clock: options.clock ?? (() => new Date()),
      log,
      logError: options.logError ?? log,
      overdue: (partition) => {
        const reason = `a batch of ${topics.commands}/${partition} has not finished within ${batchDeadlineMs} ms`;
        this.context.logError('batch overdue', { partition, reason });
        this.options.onGroupLost?.({ groupId, reason });
      },
      assignment: (partition, describedAfter) => this.assignment(partition, describedAfter),
      lost: (owner, why) => void this.lost(owner, why),
      committed: ({ commands, events }) => {
        this.counters.batches += 1;
        this.counters.commands += commands;
        this.counters.events += events;
      },
      beforeCommit: options.beforeCommit,
      afterCommit: options.afterCommit,
    };
    this.joined = new Promise((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
  }

  /** Committed so far: transactions (batches), the commands they decided, the events they appended. */
  get stats(): Readonly<{ batches: number; commands: number; events: number }> {
    return { ...this.counters };
  }

  /** The aggregate cache's size, capacity, hits and misses. */
  get cacheStats(): Readonly<{ size: number; capacity: number; hits: number; misses: number }> {
    return { size: this.cache.size, capacity: this.cache.capacity, ...this.cache.stats };
  }

  /** What each owned partition's latest load read: where it began (store, snapshots, log) and how many records. */
  get loads(): readonly Readonly<Record<string, unknown>>[] {
    return [...this.owners.values()].flatMap((owner) => (owner.lastLoad ? [owner.lastLoad] : []));
  }

  /** The partitions this instance owns right now. */
  get partitions(): readonly number[] {
    return this.assigned;
  }

  /** This member's id and partitions at its latest join; undefined before the first. */
  get member(): Membership | undefined {
    return this.membership;
  }

  /** The topic whose partitions the group assigns. */
  get commandsTopic(): string {
    return this.context.topics.commands;
  }

  /** The consumer group the instances share. */
  get groupId(): string {
    return this.context.groupId;
  }

  /**
   * The partitions this instance owns that are not loaded: fenced and read up to the log's end.
   * Each is loaded as soon as it is assigned, not on its first command, so this empties by itself.
   */
  get unloaded(): readonly number[] {
    return this.assigned.filter((partition) => !this.owners.get(partition)?.loaded);
  }

  /** Called after every join of this member to its group, with what it was given. */
  onJoin(listener: (membership: Membership) => void): () => void {
    this.joinListeners.add(listener);
    return () => this.joinListeners.delete(listener);
  }

  /** Resolves once the instance has joined its group (it may own no partition). */
  async start(): Promise<void> {
    const { commands } = this.context.topics;
    try {
      mkdirSync(this.context.stateDir, { recursive: true });
      accessSync(this.context.stateDir, constants.W_OK);
    } catch (error) {
      // at boot, not at the first partition's load: a volume mounted read-only stops the instance at once
      throw new EventStoreError(`the state directory ${this.context.stateDir} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, false, { cause: error });
    }
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) =>
      this.onAssignment({ memberId: payload.memberId, partitions: payload.memberAssignment[commands] ?? [] }),
    );
    this.stopWatching = watchGroupMembership(this.consumer, this.context.groupId, (loss) => this.options.onGroupLost?.(loss));
    this.partitionCount = (await this.offsets.of(commands)).length;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: commands, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false, // the command offset is committed inside each batch's transaction
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 64,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const last = batch.messages[batch.messages.length - 1];
        if (!last || !isRunning() || isStale()) return;
        const owner = this.owners.get(batch.partition) ?? (this.assigned.includes(batch.partition) && !this.suspended.has(batch.partition) ? this.ownerOf(batch.partition) : undefined);
        if (!owner) return; // given away meanwhile: its next owner reads these from the committed offset
        try {
          const next = String(BigInt(last.offset) + 1n);
          await owner.records(
            batch.messages.map((message) => message.value),
            batch.messages.map((message) => message.offset),
            next,
            heartbeat,
          );
          resolveOffset(last.offset);
          await heartbeat();
        } catch (error) {
          // released or fenced: the partition's next owner reads these from the committed offset
          if (error instanceof PartitionNotOwnedError || error instanceof PartitionFencedError) return;
          throw error; // kafkajs hands the batch over again
        }
      },
    });
    await this.joined;
  }

  /** The partition of the commands topic (and of each of the service's topics) that holds an aggregate. */
  partitionOf(aggregateId: string): number {
    if (this.partitionCount === 0) throw new EventStoreError('the command processor has not started: the partition count is not known yet', true);
    return partitionOf(aggregateId, this.partitionCount);
  }

  /** The group as its coordinator describes it now: every member with its subscription and assignment. */
  async describeGroup(): Promise<GroupDescription> {
    return withinDeadline(this.consumer.describeGroup(), 10_000, `a description of group ${this.context.groupId}`);
  }

  /**
   * Decides a command of a partition this instance owns, in-process; resolves with its outcome once
   * its transaction has committed. Fails with PartitionNotOwnedError (or PartitionFencedError)
   * when this instance does not own the partition, or stops owning it before the command is decided.
   */
  async send(partition: number, command: Buffer): Promise<CommandOutcome | ReusedCommand> {
    return this.ownedOwner(partition).command(command);
  }

  /** The aggregate as its owner (this instance) knows it after every command queued before, proven still the owner. */
  async read(partition: number, aggregateId: string): Promise<StateReply<S>> {
    return this.ownedOwner(partition).read(aggregateId);
  }

  /** What became of a command, as its owner (this instance) knows it after every command queued before. */
  async lookUp(partition: number, aggregateId: string, commandId: string): Promise<CommandReply> {
    return this.ownedOwner(partition).lookUp(aggregateId, commandId);
  }

  /** Stops taking commands, finishes the batch in hand, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopWatching();
    await this.consumer.disconnect();
    await Promise.all([...this.owners.keys()].map((partition) => this.release(partition)));
    await this.offsets.disconnect();
    if (this.temporaryStateDir) rmSync(this.temporaryStateDir, { recursive: true, force: true });
  }

  private ownedOwner(partition: number): PartitionOwner<C, E, S> {
    if (this.stopping || !this.assigned.includes(partition) || this.suspended.has(partition)) throw new PartitionNotOwnedError(partition);
    return this.owners.get(partition) ?? this.ownerOf(partition);
  }

  private ownerOf(partition: number): PartitionOwner<C, E, S> {
    let owner = this.owners.get(partition);
    if (!owner) {
      owner = new PartitionOwner(this.context, partition);
      this.owners.set(partition, owner);
    }
    return owner;
  }

  private onAssignment(membership: Membership): void {
    const partitions = membership.partitions;
    this.joins += 1;
    this.joinedAt = Date.now();
    this.suspended.clear();
    this.assigned = [...partitions].sort((a, b) => a - b);
    this.membership = { ...membership, partitions: this.assigned };
    this.context.log('partitions assigned', { partitions: this.assigned });
    // another instance may have owned any of them in between: check each against the log first
    for (const [partition, owner] of this.owners) {
      if (partitions.includes(partition)) owner.invalidate();
      else void this.release(partition);
    }
    if (partitions.length > 0) this.consumer.resume([{ topic: this.context.topics.commands, partitions: [...partitions] }]);
    // loaded now, not on the first command: a quiet partition is ready too, and readiness can wait for all
    if (!this.stopping) for (const partition of this.assigned) this.ownerOf(partition).warm();
    for (const listener of this.joinListeners) listener(this.membership);
  }

  /**
   * Whether the group's assignment gives this member the partition, from a description of the group
   * requested at or after `describedAfter` (default: one at most 250 ms old). Owners that check at
   * once share one description.
   */
  private async assignment(partition: number, describedAfter = Date.now() - 250): Promise<'assigned' | 'not-assigned' | 'rebalancing'> {
    const memberId = this.membership?.memberId;
    if (memberId === undefined) return 'rebalancing';
    let description = this.description;
    if (!description || description.requestedAt < Math.max(describedAfter, this.joinedAt)) {
      const requested = { requestedAt: Date.now(), group: this.describeGroup() };
      requested.group.catch(() => {
        if (this.description === requested) this.description = undefined;
      });
      this.description = description = requested;
    }
    const assigned = assignedIn(await description.group, memberId, this.context.topics.commands);
    return assigned === undefined ? 'rebalancing' : assigned.includes(partition) ? 'assigned' : 'not-assigned';
  }

  /**
   * The owner of p took no more work: another instance fenced it, or the group did not name this
   * member when it checked. Either may be out of date (a join may have come since), so the group is
   * asked again: p is taken up again if the group still names this member (a fence by an instance
   * the group does not name, one that woke up from a pause past its session and fenced before it
   * learnt that it had lost p, would leave p without a writer). Otherwise p is not this instance's
   * at all until the group says so again: a fresh owner made for a command would fence the owner
   * the group chose.
   */
  private async lost(owner: PartitionOwner<C, E, S>, why: 'fenced' | 'not-assigned'): Promise<void> {
    const partition = owner.partition;
    if (this.owners.get(partition) !== owner) return; // a newer join has replaced it already
    this.owners.delete(partition);
    this.suspended.add(partition);
    await owner.release();
    const join = this.joins;
    const assignment = this.stopping ? 'rebalancing' : await this.assignment(partition, Date.now()).catch(() => 'rebalancing' as const);
    if (join !== this.joins || this.owners.has(partition)) return; // a newer join has decided
    this.suspended.delete(partition);
    if (assignment === 'assigned' && this.assigned.includes(partition)) {
      this.context.log(`partition ${why === 'fenced' ? 'fenced by an instance' : 'checked against a group'} the group does not name now; taking it up again`, { partition });
      this.ownerOf(partition).warm();
      return;
    }
    this.assigned = this.assigned.filter((assigned) => assigned !== partition);
    this.context.log(why === 'fenced' ? 'partition fenced; pausing it until the next assignment' : 'partition not assigned here any more; pausing it until the next assignment', { partition });
    this.consumer.pause([{ topic: this.context.topics.commands, partitions: [partition] }]);
  }

  private async release(partition: number): Promise<void> {
    const owner = this.owners.get(partition);
    this.owners.delete(partition);
    await owner?.release();
  }
}

/** Enough for the aggregates a busy instance touches within minutes; a miss costs one SQLite read. */
export const DEFAULT_CACHE_ENTRIES = 10_000;

/** The outcomes topic's retention (libs/contracts): what the log could give back, the memory keeps. */
export const DEFAULT_IDEMPOTENCY_WINDOW_MS = COMMAND_RETENTION_MS;
