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

export type CommandReply = CommandOutcome | UnknownCommand;

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
