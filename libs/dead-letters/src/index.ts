export {
  deadLetterMessage,
  deadLetterView,
  letterRecord,
  readDeadLetterRecord,
  parsePosition,
  positionText,
  sourceRecord,
  type Archived,
  type DeadLetter,
  type DeadLetterRecord,
  type Position,
  type Released,
  type ReplayRequested,
  type SourceRecord,
} from './dead-letter';
export { DeadLetterLedger, type Hold } from './ledger';
export {
  archiveDeadLetters,
  ConsumerNotRunning,
  DeadLetterQueue,
  groupMembers,
  readDeadLetterLedger,
  requestReplay,
  type DeadLetterQueueOptions,
  type Release,
  type Replay,
} from './dead-letter-queue';
