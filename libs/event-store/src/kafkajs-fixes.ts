/**
 * Fixes to kafkajs 2.2.4 (its last release; it is in maintenance), applied when the event store is
 * loaded. They change prototypes that kafkajs calls through at request time, so they hold whatever
 * the order in which modules load, and however node_modules was installed (`npm ci`, the Docker
 * build's `--ignore-scripts`, CI): there is no install step to skip. `kafkajsFixesApplied` says
 * whether they are in place; `kafkajs-fixes.int.spec.ts` shows each at work against a real broker.
 *
 * 1. A transactional producer asks FindCoordinator before every transactional call
 *    (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn): a round trip each. Here its
 *    cluster remembers the coordinator per transactional id (and per group, for TxnOffsetCommit)
 *    and forgets it when the coordinator answers NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE or
 *    its connection fails, as the Java client does.
 * 2. The first AddPartitionsToTxn (or AddOffsetsToTxn) after a commit meets CONCURRENT_TRANSACTIONS
 *    until the broker has written the previous transaction's markers, a few milliseconds. kafkajs
 *    then logs an error, refreshes the metadata (another round trip) and retries after its
 *    general back-off (300 ms by default); AddOffsetsToTxn it does not retry at all. Here the call
 *    is simply asked again after 2, 4, 8 … ms, as the Java client does (retry.backoff.ms 20 ms is
 *    its floor; the broker needs less here).
 *    kafkajs's connection still logs each such answer as an error: `kafkajsLogCreator` leaves those out.
 * 3. `RequestQueue.scheduleCheckPendingRequests` passes `throttledUntil - Date.now()` to setTimeout
 *    with throttledUntil = -1 when nothing is throttled: a negative delay, which Node 24 answers
 *    with a `TimeoutNegativeWarning` on stderr once per process (it broke a test that parsed that
 *    output). The delay is clamped to what Node made of it anyway (1 ms).
 */

import type { logCreator, LogEntry } from 'kafkajs';

interface KafkaRequestError {
  readonly name?: string;
  readonly type?: string;
  readonly code?: string;
}

interface BrokerLike {
  readonly nodeId: number | string | null;
}

type BrokerMethod = (this: BrokerLike, request: unknown) => Promise<unknown>;

interface ClusterLike {
  findGroupCoordinator(this: ClusterLike, request: { groupId: string; coordinatorType?: number }): Promise<BrokerLike>;
  findBroker(request: { nodeId: number | string }): Promise<BrokerLike>;
}

interface RequestQueueLike {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  readonly pending: readonly unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const APPLIED = Symbol.for('rewind.kafkajs-fixes');

/** kafkajs's coordinator types (protocol/coordinatorTypes.js). */
const COORDINATOR = { group: 0, transaction: 1 } as const;

/** Answers after which the remembered coordinator is no longer trusted. kafkajs's names, and the protocol's newer ones. */
const STALE_COORDINATOR = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE']);
const CONNECTION_FAILURES = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError']);

/** The calls a transactional producer makes to its transaction (or group) coordinator. */
const COORDINATOR_CALLS = ['initProducerId', 'addPartitionsToTxn', 'addOffsetsToTxn', 'txnOffsetCommit', 'endTxn'] as const;
/** The calls the broker answers CONCURRENT_TRANSACTIONS while the previous transaction's markers are written. */
const FOLLOWS_A_COMMIT = new Set<string>(['initProducerId', 'addPartitionsToTxn', 'addOffsetsToTxn']);

/** Back-off for CONCURRENT_TRANSACTIONS: 2, 4, 8, 16, 32, then 50 ms, for about 3 s; then kafkajs's own handling. */
const CONCURRENT_FIRST_MS = 2;
const CONCURRENT_MAX_MS = 50;
const CONCURRENT_GIVE_UP_MS = 3_000;

interface CoordinatorMemory {
  /** A transactional producer's cluster: it also remembers group coordinators (asked only for TxnOffsetCommit). */
  transactional: boolean;
  readonly nodes: Map<string, number | string>;
}

const memories = new WeakMap<object, CoordinatorMemory>();
/** Per broker, the memories (and their keys) that name it: forgotten when it turns out not to be the coordinator any more. */
const namedIn = new WeakMap<object, Map<CoordinatorMemory, Set<string>>>();

function memoryOf(cluster: object): CoordinatorMemory {
  let memory = memories.get(cluster);
  if (!memory) {
    memory = { transactional: false, nodes: new Map() };
    memories.set(cluster, memory);
  }
  return memory;
}

function rememberFor(broker: BrokerLike, memory: CoordinatorMemory, key: string): void {
  let memoriesOfBroker = namedIn.get(broker);
  if (!memoriesOfBroker) {
    memoriesOfBroker = new Map();
    namedIn.set(broker, memoriesOfBroker);
  }
  const keys = memoriesOfBroker.get(memory) ?? new Set<string>();
  keys.add(key);
  memoriesOfBroker.set(memory, keys);
}

function forgetCoordinator(broker: BrokerLike): void {
  const memoriesOfBroker = namedIn.get(broker);
  if (!memoriesOfBroker) return;
  namedIn.delete(broker);
  for (const [memory, keys] of memoriesOfBroker) {
    for (const key of keys) if (memory.nodes.get(key) === broker.nodeId) memory.nodes.delete(key);
  }
}

const isConcurrentTransactions = (error: unknown) => (error as KafkaRequestError | undefined)?.type === 'CONCURRENT_TRANSACTIONS';
const meansStaleCoordinator = (error: unknown) => {
  const { type, name, code } = (error ?? {}) as KafkaRequestError;
  return (type !== undefined && STALE_COORDINATOR.has(type)) || (name !== undefined && CONNECTION_FAILURES.has(name)) || code === 'ECONNREFUSED' || code === 'ECONNRESET';
};

function patchCoordinatorLookup(Cluster: { prototype: ClusterLike }): void {
  const lookUp = Cluster.prototype.findGroupCoordinator;
  Cluster.prototype.findGroupCoordinator = async function findGroupCoordinator(request) {
    const { groupId, coordinatorType = COORDINATOR.group } = request;
    const memory = memoryOf(this);
    if (coordinatorType === COORDINATOR.transaction) memory.transactional = true;
    // a consumer's cluster finds its group coordinator on its own terms (join, rejoin): left as it is
    if (!memory.transactional) return lookUp.call(this, request);
    const key = `${coordinatorType}:${groupId}`;
    const known = memory.nodes.get(key);
    if (known !== undefined) {
      // findBroker connects the broker again if its connection was closed, without asking anyone
      const broker = await this.findBroker({ nodeId: known }).catch(() => undefined);
      if (broker) {
        rememberFor(broker, memory, key);
        return broker;
      }
      memory.nodes.delete(key);
    }
    const broker = await lookUp.call(this, request);
    if (broker.nodeId !== null) {
      memory.nodes.set(key, broker.nodeId);
      rememberFor(broker, memory, key);
    }
    return broker;
  };
}

function patchCoordinatorCalls(Broker: { prototype: Record<string, BrokerMethod> }): void {
  for (const name of COORDINATOR_CALLS) {
    const call = Broker.prototype[name];
    if (!call) throw new Error(`kafkajs fixes: Broker.${name} is not there; kafkajs is not the version these fixes were written for`);
    Broker.prototype[name] = async function coordinatorCall(this: BrokerLike, request: unknown) {
      const giveUpAt = Date.now() + CONCURRENT_GIVE_UP_MS;
      for (let pause = CONCURRENT_FIRST_MS; ; pause = Math.min(pause * 2, CONCURRENT_MAX_MS)) {
        try {
          return await call.call(this, request);
        } catch (error) {
          if (FOLLOWS_A_COMMIT.has(name) && isConcurrentTransactions(error) && Date.now() + pause < giveUpAt) {
            await new Promise((resolve) => setTimeout(resolve, pause));
            continue;
          }
          if (meansStaleCoordinator(error)) forgetCoordinator(this);
          throw error;
        }
      }
    };
  }
}

function patchPendingRequestsCheck(RequestQueue: { prototype: RequestQueueLike }): void {
  // kafkajs's own method, with the delay clamped; CHECK_PENDING_REQUESTS_INTERVAL is its 10 ms
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueLike) {
    let scheduleAt = this.throttledUntil - Date.now();
    if (!this.throttleCheckTimeoutId) {
      if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : 10;
      this.throttleCheckTimeoutId = setTimeout(() => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      }, Math.max(1, scheduleAt));
    }
  };
}

/**
 * kafkajs's own console logger (its default), without the error line its connection writes for
 * each CONCURRENT_TRANSACTIONS answer: such an answer is expected after every commit, and asked
 * again (fix 2). Give it to `new Kafka({ logCreator })`.
 */
export const kafkajsLogCreator: logCreator = (level) => {
  const log = (require('kafkajs/src/loggers/console') as logCreator)(level);
  const concurrent = (require('kafkajs/src/protocol/error') as { errorCodes: { type: string; message: string }[] }).errorCodes.find(
    (error) => error.type === 'CONCURRENT_TRANSACTIONS',
  )?.message;
  return (entry: LogEntry) => {
    if (concurrent !== undefined && entry.namespace === 'Connection' && (entry.log as { error?: unknown }).error === concurrent) return;
    log(entry);
  };
};

/** Applies the fixes once per kafkajs module instance. */
export function applyKafkajsFixes(): void {
  const Cluster = require('kafkajs/src/cluster') as { prototype: ClusterLike & { [APPLIED]?: true } };
  if (Cluster.prototype[APPLIED]) return;
  patchCoordinatorLookup(Cluster);
  patchCoordinatorCalls(require('kafkajs/src/broker') as { prototype: Record<string, BrokerMethod> });
  patchPendingRequestsCheck(require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueLike });
  Cluster.prototype[APPLIED] = true;
}

/** Whether the kafkajs that `require('kafkajs')` loads has the fixes. */
export function kafkajsFixesApplied(): boolean {
  return (require('kafkajs/src/cluster') as { prototype: { [APPLIED]?: true } }).prototype[APPLIED] === true;
}

applyKafkajsFixes();
