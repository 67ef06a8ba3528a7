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
  | { readonly status: 'rejected'; readonly commandId: string; readonly aggregateId: string; readonly path: string; readonly reason: string };

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

export type CommandReply = CommandOutcome | UnknownCommand | StateReply;

/**
 * A record of the outcomes topic (key: aggregate id). `requestId` is what the caller waits for:
 * the command's id, or a look-up's own id.
 */
export interface OutcomeRecord {
  readonly requestId: string;
  readonly reply: CommandReply;
}

/** The type of the command envelope that asks for a command's outcome instead of applying one. */
export const LOOKUP_COMMAND_TYPE = '$lookup';

/**
 * The type of the command envelope that asks for an aggregate's state. Answered by the owner
 * behind every command sent before it: a read of one's own writes, with the version for If-Match.
 */
export const READ_STATE_TYPE = '$read';
