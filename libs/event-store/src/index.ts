export { CommandProcessor, type CommandProcessorOptions } from './command-processor';
export { CommandClient, type CommandClientOptions } from './command-client';
export { decideBatch, type AggregateMemory, type AsyncDecider, type EventStoreSpec, type BatchDecision } from './decide-batch';
export { EventStoreError, PartitionFencedError, isFencing } from './errors';
export { LOOKUP_COMMAND_TYPE, READ_STATE_TYPE, type StateReply, type CommandOutcome, type CommandReply, type PendingCommand, type UnknownCommand, type OutcomeRecord } from './outcome';
export { PartitionReadStalled, readPartitions, type PartitionRange, type ReadPartitionsOptions } from './partition-reader';
export { deterministicUuid } from './deterministic-id';
export { TopicOffsets, type PartitionOffsets } from './topic-offsets';
export { withinDeadline } from './deadline';
