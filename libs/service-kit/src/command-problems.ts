import { HttpStatus } from '@nestjs/common';
import type { CommandOutcome, CommandReply } from '@rewind/event-store';
import { HttpProblem, problemType } from './problem';

/**
 * What a command's outcome means over HTTP, when it is not a success: 409 for a version conflict,
 * 404 for a refusal because the aggregate does not exist, 422 for any other business refusal and
 * for an Idempotency-Key used before for another request, 400 for a malformed command, 500 for a
 * command whose handler failed. Returns undefined for an accepted command.
 */
export function problemFor(reply: CommandReply): HttpProblem | undefined {
  switch (reply.status) {
    case 'accepted':
    case 'state':
      return undefined;
    case 'conflict':
      return new HttpProblem({
        type: problemType('version-conflict'),
        title: 'The resource has changed',
        status: HttpStatus.CONFLICT,
        detail: `expected version ${reply.expectedVersion}, but it is at version ${reply.actualVersion}`,
        expectedVersion: reply.expectedVersion,
        actualVersion: reply.actualVersion,
      });
    case 'refused':
      return new HttpProblem({
        type: problemType(reply.code.replace(/_/g, '-')),
        title: reply.message,
        status: reply.code.endsWith('_not_found') ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY,
        detail: reply.message,
        code: reply.code,
        version: reply.version,
      });
    case 'rejected':
      return new HttpProblem({
        type: problemType('invalid-request'),
        title: 'The request is invalid',
        status: HttpStatus.BAD_REQUEST,
        detail: reply.reason,
        errors: [{ field: reply.path, message: reply.reason }],
      });
    case 'reused':
      // as the IETF Idempotency-Key draft and the large payment APIs answer it
      return new HttpProblem({
        type: problemType('idempotency-key-reused'),
        title: 'The Idempotency-Key was used before for another request',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: `Idempotency-Key ${reply.commandId} was used before for a different request to ${reply.aggregateId}; nothing was done. Use a new key for a new request`,
        code: 'idempotency_key_reused',
        errors: [{ field: 'Idempotency-Key', message: 'already used for another request (another body, If-Match or operation)' }],
      });
    case 'failed':
      // the reason is the handler's own error: logged by the service, not shown to the caller
      return new HttpProblem({
        type: problemType('command-failed'),
        title: 'The command failed',
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        detail: `command ${reply.commandId} failed while it was decided, and nothing was applied; it keeps this answer (the service's log names the cause)`,
        commandId: reply.commandId,
        version: reply.version,
      });
    case 'unknown':
      return new HttpProblem({
        type: problemType('unknown-command'),
        title: 'No such command',
        status: HttpStatus.NOT_FOUND,
        detail: `command ${reply.commandId} never reached ${reply.aggregateId}; it is safe to send it again`,
      });
    default: {
      const unreachable: never = reply;
      return unreachable;
    }
  }
}

/** Throws the problem of a reply that is not a success; narrows it to a success otherwise. */
export function assertAccepted(reply: CommandReply): asserts reply is Extract<CommandOutcome, { status: 'accepted' }> {
  const problem = problemFor(reply);
  if (problem) throw problem;
}
