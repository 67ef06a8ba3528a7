export { deadLetterMessage, readDeadLetter, parsePosition, positionText, type DeadLetter, type Position, type SourceRecord } from './dead-letter';
export { DeadLetterQueue, readDeadLetters, type DeadLetterQueueOptions } from './dead-letter-queue';
