export {
  deadLetterMessage,
  deadLetterView,
  letterRecord,
  readDeadLetterRecord,
  parsePosition,
  positionText,
  sourceRecord,
  type DeadLetter,
  type DeadLetterRecord,
  type Position,
  type Released,
  type ReplayRequested,
  type SourceRecord,
} from './dead-letter';
export { DeadLetterLedger, type Hold } from './ledger';
export { DeadLetterQueue, readDeadLetterLedger, requestReplay, type DeadLetterQueueOptions, type Release, type Replay } from './dead-letter-queue';
