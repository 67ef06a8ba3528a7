/**
 * What became of a command. The same outcome answers the caller, and is remembered (per
 * aggregate, on the outcomes topic) so that a repeated command gets the first answer again.
 */
export type CommandOutcome =
  | { readonly status: 'accepted'; readonly commandId: string; readonly aggregateId: string; readonly version: number }
  | {
      readonly status: 'conflict';
      readonly commandId: string;
      readonly aggregateId: string;
      readonly expectedVersion: number;
      readonly actualVersion: number;
    }
  | {
      readonly status: 'refused';
      readonly commandId: string;
      readonly aggregateId: string;
      readonly version: number;
      readonly code: string;
      readonly message: string;
    }
  /** The command itself was malformed: the field at fault and why. */
  | { readonly status: 'rejected'; readonly commandId: string; readonly aggregateId: string; readonly path: string; readonly reason: string }
  /**
   * Deciding it threw (or never settled): a bug in the handler, not the caller's fault. Nothing was
   * appended; `version` is the aggregate's, untouched. Remembered like any outcome, so the command
   * is decided once: sent again, it gets this answer again.
   */
  | { readonly status: 'failed'; readonly commandId: string; readonly aggregateId: string; readonly version: number; readonly reason: string };

/**
 * The answer to a command whose id was used before for another request (another type, body or
 * expected version): nothing was decided or appended, and it is not remembered; the id keeps
 * answering its first request's outcome.
 */
export interface ReusedCommand {
  readonly status: 'reused';
  readonly commandId: string;
  readonly aggregateId: string;
}

/** The answer to a look-up of a command that the owner never received. */
export interface UnknownCommand {
  readonly status: 'unknown';
  readonly commandId: string;
  readonly aggregateId: string;
}

/** No answer came in time. The command may still be applied: look it up, or send it again. */
export interface PendingCommand {
  readonly status: 'pending';
  readonly commandId: string;
  readonly aggregateId: string;
}

/** An aggregate's current version and state, read by its owner in partition order. */
export interface StateReply<S = unknown> {
  readonly status: 'state';
  readonly aggregateId: string;
  readonly version: number;
  readonly state: S;
}

export type CommandReply = CommandOutcome | ReusedCommand | UnknownCommand | StateReply;

/**
 * A record of the outcomes topic (key: aggregate id). `requestId` is what the caller waits for:
 * the command's id, or a look-up's own id.
 */
export interface OutcomeRecord {
  readonly requestId: string;
  readonly reply: CommandReply;
  /**
   * The fingerprint of the request this reply answers (commandFingerprint). Two requests can carry
   * one command id; each waiter takes only the reply to its own. Absent on look-up and state
   * replies, and on records written before fingerprints.
   */
  readonly fingerprint?: string;
}

/** The type of the command envelope that asks for a command's outcome instead of applying one. */
export const LOOKUP_COMMAND_TYPE = '$lookup';

/**
 * The type of the command envelope that asks for an aggregate's state. Answered by the owner
 * behind every command sent before it: a read of one's own writes, with the version for If-Match.
 */
export const READ_STATE_TYPE = '$read';
