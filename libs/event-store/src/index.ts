// first: the fixes to kafkajs are in place before any client of the event store is made
export { kafkajsFixesApplied, kafkajsLogCreator } from './kafkajs-fixes';
export { CommandProcessor, DEFAULT_CACHE_ENTRIES, DEFAULT_IDEMPOTENCY_WINDOW_MS, type CommandProcessorOptions, type Membership } from './command-processor';
export { CommandRouter, type CommandRouterOptions, type ForwardedAnswer, type RoutingProcessor } from './command-router';
export { INTERNAL_COMMANDS_PATH, type ForwardedItemAnswer, type ForwardedRequest } from './forwarder';
export { partitionOf, stickyAssignment, ownershipAssigners, ownersFrom, OWNERSHIP_PROTOCOL, type AdvertisedMember, type PartitionOwnerAddress } from './ownership';
export { TopicCommandClient, type CommandClient, type TopicCommandClientOptions } from './command-client';
export { AggregateCache } from './aggregate-cache';
export { PartitionStore, type StoreCheckpoint } from './partition-store';
export { decideBatch, forgetExpired, type AggregateMemory, type AsyncDecider, type EventStoreSpec, type BatchDecision, type DecideBatchOptions, type RememberedOutcome } from './decide-batch';
export { commandFingerprint, canonicalJson } from './fingerprint';
export { EventStoreError, PartitionFencedError, PartitionNotOwnedError, isFencing } from './errors';
export { LOOKUP_COMMAND_TYPE, READ_STATE_TYPE, type StateReply, type CommandOutcome, type CommandReply, type PendingCommand, type ReusedCommand, type UnknownCommand, type OutcomeRecord } from './outcome';
export { PartitionReadStalled, readPartitions, type PartitionRange, type ReadPartitionsOptions } from './partition-reader';
export { deterministicUuid } from './deterministic-id';
export { TopicOffsets, type PartitionOffsets } from './topic-offsets';
export { withinDeadline, watchedUntilDone } from './deadline';
export { watchGroupMembership, REJOIN_WITHIN_MS, type GroupLoss } from './group-membership';
export { countingRequests, type KafkaClientKind, type KafkaRequest } from './kafka-requests';
