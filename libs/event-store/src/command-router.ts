import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandCodec, CommandEnvelope } from '@rewind/contracts';
import type { GroupDescription } from 'kafkajs';
import type { CommandClient } from './command-client';
import type { Membership } from './command-processor';
import { PartitionFencedError, PartitionNotOwnedError, type EventStoreError } from './errors';
import type { CommandOutcome, CommandReply, PendingCommand, ReusedCommand, StateReply } from './outcome';
import { Forwarder, type Forwarded, type ForwardedItemAnswer, type ForwardedRequest } from './forwarder';
import { ownersFrom, type AdvertisedMember, type PartitionOwnerAddress } from './ownership';

/** What the router needs of the command processor (CommandProcessor has it). */
export interface RoutingProcessor {
  readonly commandsTopic: string;
  readonly groupId: string;
  /** The partitions this instance owns, by its own latest join. */
  readonly partitions: readonly number[];
  readonly member: Membership | undefined;
  partitionOf(aggregateId: string): number;
  describeGroup(): Promise<GroupDescription>;
  send(partition: number, command: Buffer): Promise<CommandOutcome | ReusedCommand>;
  read(partition: number, aggregateId: string): Promise<StateReply<unknown>>;
  lookUp(partition: number, aggregateId: string, commandId: string): Promise<CommandReply>;
  onJoin(listener: (membership: Membership) => void): () => void;
}

/**
 * The owner's answer to what another instance forwarded, as HTTP says it: for one request, its
 * reply (`pending` when it did not come within the time asked; 200), this instance not the
 * partition's owner (421), or a malformed request (400); for a batch, an answer per request (200);
 * for a caller without the internal credential, 401.
 */
export type ForwardedAnswer = ForwardedItemAnswer | { readonly kind: 'batch'; readonly answers: readonly ForwardedItemAnswer[] } | { readonly kind: 'unauthorized' };

export interface CommandRouterOptions<C extends CommandEnvelope> {
  /** Commands are validated here before they go anywhere: bad input never reaches an owner. */
  readonly commands: CommandCodec<C>;
  /**
   * The credential instances of the service present to each other. When the deployment gives none,
   * each instance makes one at random and publishes it to the others with its address in the
   * group (readable by those who may describe the group, who may already write its topics).
   */
  readonly internalToken?: string;
  /** How long `send`, `lookUp` and `readState` wait for an answer before answering `pending`. */
  readonly timeoutMs?: number;
  /**
   * Describes the processor's group, with a client that outlives the processor's own (the
   * processor's consumer by default): while an instance stops, the requests still in its hands
   * find the partitions' new owners through it.
   */
  readonly describeGroup?: (groupId: string) => Promise<GroupDescription | undefined>;
  /** Told of every answered `send`: for a latency histogram. */
  readonly observe?: (type: string, status: string, seconds: number) => void;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Pauses between attempts while the partition has no reachable owner: a rebalance takes a moment. */
const RETRY_FIRST_MS = 10;
const RETRY_MAX_MS = 500;
const LATE = Symbol('late');

/**
 * Sends each command straight to the instance that owns its aggregate's partition: decided
 * in-process when that is this instance, forwarded over HTTP to the owner otherwise (its
 * `INTERNAL_COMMANDS_PATH`). Who owns which partition is the consumer group's own assignment,
 * which every member reads back after each rebalance (ownership.ts). A request that reaches an
 * instance that no longer owns the partition is answered 421 there, and sent again to the owner the
 * group names now, until the timeout; then it is `pending`. Reads and look-ups go the same way and
 * are answered by the owner from its memory, fenced as its commands are.
 */
export class CommandRouter<C extends CommandEnvelope> implements CommandClient<C> {
  private processor: RoutingProcessor | undefined;
  private owners = new Map<number, PartitionOwnerAddress>();
  private refreshing: Promise<void> | undefined;
  private readonly token: string;
  private readonly tokenGiven: boolean;
  private detach = () => undefined as unknown;
  private readonly forwarder: Forwarder;

  constructor(private readonly options: CommandRouterOptions<C>) {
    this.tokenGiven = options.internalToken !== undefined;
    this.token = options.internalToken ?? randomBytes(32).toString('hex');
    this.forwarder = new Forwarder(options.log);
  }

  /** What this instance publishes about itself in the group, reached at `url`. */
  advertisement(url: string): Omit<AdvertisedMember, 'owned'> {
    return this.tokenGiven ? { url } : { url, token: this.token };
  }

  /** Starts routing through the processor once it has joined its group; the owners are read after each join. */
  attach(processor: RoutingProcessor): void {
    this.detach();
    this.processor = processor;
    this.detach = processor.onJoin(() => void this.refresh());
    void this.refresh();
  }

  /** Stops reading the group; requests still waiting get `pending` by their timeout. */
  stop(): void {
    this.detach();
  }

  /** Whether a caller of the internal endpoint presented the service's internal credential. */
  private accepts(token: string | undefined): boolean {
    if (token === undefined) return false;
    // hashed to one length first: timingSafeEqual needs equal lengths, and a length check would leak one
    const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
    return timingSafeEqual(digest(token), digest(this.token));
  }

  async send(command: C, options: { timeoutMs?: number } = {}): Promise<CommandOutcome | ReusedCommand | PendingCommand> {
    const valid = this.options.commands.validate(command);
    const started = process.hrtime.bigint();
    const value = Buffer.from(JSON.stringify(valid));
    const answer = await this.route(
      valid.aggregateId,
      { kind: 'command', command: valid },
      options.timeoutMs,
      (processor, partition) => processor.send(partition, value),
    );
    const outcome: CommandOutcome | ReusedCommand | PendingCommand =
      answer === LATE ? { status: 'pending', commandId: valid.commandId, aggregateId: valid.aggregateId } : (answer as CommandOutcome | ReusedCommand | PendingCommand);
    this.options.observe?.(valid.type, outcome.status, Number(process.hrtime.bigint() - started) / 1e9);
    return outcome;
  }

  async lookUp(aggregateId: string, commandId: string, options: { timeoutMs?: number } = {}): Promise<CommandReply | PendingCommand> {
    const answer = await this.route(aggregateId, { kind: 'lookup', aggregateId, commandId }, options.timeoutMs, (processor, partition) =>
      processor.lookUp(partition, aggregateId, commandId),
    );
    return answer === LATE ? { status: 'pending', commandId, aggregateId } : (answer as CommandReply | PendingCommand);
  }

  async readState<S>(aggregateId: string, options: { timeoutMs?: number } = {}): Promise<StateReply<S> | PendingCommand> {
    const answer = await this.route(aggregateId, { kind: 'read', aggregateId }, options.timeoutMs, (processor, partition) => processor.read(partition, aggregateId));
    return answer === LATE ? { status: 'pending', commandId: `read/${aggregateId}`, aggregateId } : (answer as StateReply<S> | PendingCommand);
  }

  /**
   * Answers a request another instance forwarded, given its `Authorization` header and its body:
   * decided (or read) here if this instance owns the partition, within the time the request
   * allows; `not-owner` otherwise (HTTP 421), for the forwarder to ask the owner the group names now.
   */
  async answerForwarded(authorization: string | undefined, body: unknown): Promise<ForwardedAnswer> {
    // RFC 9110: the scheme is case-insensitive; RFC 6750: one space, then the token
    if (!this.accepts(/^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1])) return { kind: 'unauthorized' };
    const batch = body as { kind?: unknown; requests?: unknown } | null;
    if (batch?.kind !== 'batch') return this.answerOne(body);
    if (!Array.isArray(batch.requests)) return { kind: 'invalid', reason: 'requests: expected an array' };
    // queued at their partitions together, they are decided in the same transactions
    return { kind: 'batch', answers: await Promise.all(batch.requests.map((request: unknown) => this.answerOne(request))) };
  }

  private async answerOne(body: unknown): Promise<ForwardedItemAnswer> {
    const request = forwardedRequest(body);
    if (typeof request === 'string') return { kind: 'invalid', reason: request };
    const processor = this.processor;
    let valid: C | undefined;
    if (request.kind === 'command') {
      try {
        valid = this.options.commands.validate(request.command);
      } catch (error) {
        return { kind: 'invalid', reason: `command: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    const aggregateId = valid?.aggregateId ?? (request.kind === 'command' ? '' : request.aggregateId);
    if (!processor) return { kind: 'not-owner', partition: -1 };
    const partition = processor.partitionOf(aggregateId);
    if (!processor.partitions.includes(partition)) return { kind: 'not-owner', partition };
    try {
      const work =
        request.kind === 'command'
          ? processor.send(partition, Buffer.from(JSON.stringify(valid)))
          : request.kind === 'read'
            ? processor.read(partition, request.aggregateId)
            : processor.lookUp(partition, request.aggregateId, request.commandId);
      const reply = await within(work, Math.min(request.timeoutMs, 60_000));
      if (reply !== LATE) return { kind: 'reply', reply };
      const commandId = request.kind === 'command' ? (valid?.commandId ?? '') : request.kind === 'lookup' ? request.commandId : `read/${aggregateId}`;
      return { kind: 'reply', reply: { status: 'pending', commandId, aggregateId } };
    } catch (error) {
      if (error instanceof PartitionNotOwnedError || error instanceof PartitionFencedError) return { kind: 'not-owner', partition };
      throw error;
    }
  }

  /**
   * Takes a request to the owner of the aggregate's partition until an answer comes or the time is
   * up (LATE). An owner that turns out not to be one (it lost the partition, or was fenced) has
   * decided nothing: the group's assignment is read again and the request goes to the owner it names.
   */
  private async route(
    aggregateId: string,
    request: { readonly kind: 'command'; readonly command: C } | { readonly kind: 'read'; readonly aggregateId: string } | { readonly kind: 'lookup'; readonly aggregateId: string; readonly commandId: string },
    timeoutMs: number | undefined,
    local: (processor: RoutingProcessor, partition: number) => Promise<CommandReply>,
  ): Promise<CommandReply | PendingCommand | typeof LATE> {
    const deadline = Date.now() + (timeoutMs ?? this.options.timeoutMs ?? 5_000);
    let refused: EventStoreError | undefined;
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const processor = this.processor;
      if (processor) {
        const partition = processor.partitionOf(aggregateId);
        const owner = this.owners.get(partition);
        if (processor.partitions.includes(partition)) {
          try {
            return await within(local(processor, partition), remaining);
          } catch (error) {
            if (!(error instanceof PartitionNotOwnedError || error instanceof PartitionFencedError)) throw error;
          }
        } else if (owner && owner.memberId !== processor.member?.memberId) {
          const forwarded = await this.forward(owner, { ...request, timeoutMs: remaining });
          if (forwarded.kind === 'reply') return forwarded.reply;
          if (forwarded.kind === 'late') return LATE;
          if (forwarded.kind === 'refused') throw forwarded.error;
          if (forwarded.kind === 'unauthorized') refused = forwarded.error;
        }
      }
      await Promise.race([this.refresh(), sleep(Math.max(0, deadline - Date.now()))]);
      await sleep(Math.min(Math.max(0, deadline - Date.now()), RETRY_FIRST_MS * 2 ** Math.min(attempt, 6), RETRY_MAX_MS));
    }
    // an owner that keeps refusing this instance's credential is a deployment's mistake, not a late answer
    if (refused) throw refused;
    return LATE;
  }

  private async forward(owner: PartitionOwnerAddress, request: ForwardedRequest): Promise<Forwarded> {
    const token = this.tokenGiven ? this.token : owner.token;
    if (token === undefined) return { kind: 'again' };
    return this.forwarder.forward(owner.url, token, request);
  }

  /** Reads the owners of the partitions from the group; one read at a time, waited out while the group rebalances. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.readOwners().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readOwners(): Promise<void> {
    const processor = this.processor;
    if (!processor) return;
    for (let attempt = 0; attempt < 30; attempt++) {
      const described = this.options.describeGroup ? this.options.describeGroup(processor.groupId) : processor.describeGroup();
      const group = await described.catch(() => undefined);
      if (group?.state === 'Stable') {
        const owners = ownersFrom(group, processor.commandsTopic);
        const seen = (map: Map<number, PartitionOwnerAddress>) => JSON.stringify([...map].sort(([a], [b]) => a - b).map(([partition, { url }]) => [partition, url]));
        if (seen(owners) !== seen(this.owners)) this.options.log?.('partition owners', { owners: Object.fromEntries([...owners].map(([partition, { url }]) => [partition, url])) });
        this.owners = owners;
        return;
      }
      await sleep(100);
    }
  }
}

/** Resolves with the answer, or LATE once `ms` have passed (the work goes on). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), Math.max(0, ms))));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A forwarded request's body, checked; a string says what is wrong with it. */
function forwardedRequest(body: unknown): ForwardedRequest | string {
  const request = (body ?? {}) as Record<string, unknown>;
  const timeoutMs = request['timeoutMs'];
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) return 'timeoutMs: expected a number of milliseconds';
  switch (request['kind']) {
    case 'command':
      return { kind: 'command', command: request['command'], timeoutMs };
    case 'read':
      if (typeof request['aggregateId'] !== 'string' || request['aggregateId'] === '') return 'aggregateId: expected a string';
      return { kind: 'read', aggregateId: request['aggregateId'], timeoutMs };
    case 'lookup':
      if (typeof request['aggregateId'] !== 'string' || request['aggregateId'] === '') return 'aggregateId: expected a string';
      if (typeof request['commandId'] !== 'string' || request['commandId'] === '') return 'commandId: expected a string';
      return { kind: 'lookup', aggregateId: request['aggregateId'], commandId: request['commandId'], timeoutMs };
    default:
      return 'kind: expected command, read or lookup';
  }
}
