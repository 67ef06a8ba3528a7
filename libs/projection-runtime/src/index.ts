export { coPartitionedAssigner } from './co-partitioned-assigner';
export { foldInto, sourceTopics, type GiveUp, type ProjectionDefinition, type ProjectionSource, type StoredDocument } from './projection';
export { BATCH_DEADLINE_MS, Projector, writeFencingOf, type ProjectorOptions, type WriteFencing } from './projector';
export type { GroupLoss } from '@rewind/event-store';
export {
  dueForDrop,
  Generations,
  generationCollection,
  generationGroup,
  POINTERS_COLLECTION,
  PROGRESS_COLLECTION,
  type FinishedRebuild,
  type GenerationPointer,
  type RebuildRecord,
  type RebuildRequestOutcome,
  type RetiredGeneration,
} from './generations';
export { caughtUp, committedOffsets, countDone, lagOf, logExtent, nextProgress, type PartitionExtent, type PartitionLag, type RebuildProgress } from './offsets';
export { ProjectionStatusReader, percentOf, type ProjectionStatus, type WatchedProjection } from './status';
export { registerProjectionMetrics } from './status.metrics';
export { FLIP_WITHIN_RECORDS, ProjectionSupervisor, type ProjectionLoss, type SupervisorOptions } from './supervisor';
export { compareGenerations, firstDifference, verifyGenerations, VERIFY_READ_LIMIT, type Alignment, type GenerationComparison, type VerifyContext } from './verify';
export { InPlaceRebuildRefused, resetLiveGeneration } from './in-place';
