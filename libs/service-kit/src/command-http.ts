import type { CommandEnvelope } from '@rewind/contracts';
import type { CommandClient } from '@rewind/event-store';
import type { Response } from 'express';
import { type z } from 'zod';
import { assertAccepted, problemFor } from './command-problems';
import { invalidRequest } from './problem';

/**
 * Sends a command and answers the HTTP request from its outcome: 201 (with Location) or 200 with
 * the new version; 202 with a status URL when the outcome is not known in time; a problem otherwise.
 */
export async function answerCommand<C extends CommandEnvelope>(
  client: CommandClient<C>,
  command: C,
  response: Response,
  paths: { resource: string; created?: boolean },
): Promise<{ version: number } | { commandId: string; status: 'pending'; statusUrl: string }> {
  const outcome = await client.send(command);
  if (outcome.status === 'pending') {
    const statusUrl = `${paths.resource}/commands/${encodeURIComponent(command.commandId)}`;
    response.status(202).location(statusUrl);
    return { commandId: command.commandId, status: 'pending', statusUrl };
  }
  assertAccepted(outcome);
  response.status(paths.created ? 201 : 200);
  if (paths.created) response.location(paths.resource);
  return { version: outcome.version };
}

/** The final outcome of a command, for its status URL: 200, 202 while still unknown, or its problem. */
export async function answerCommandStatus<C extends CommandEnvelope>(client: CommandClient<C>, aggregateId: string, commandId: string, response: Response) {
  const reply = await client.lookUp(aggregateId, commandId);
  if (reply.status === 'pending') {
    response.status(202);
    return reply;
  }
  const problem = problemFor(reply);
  if (problem) throw problem;
  return reply;
}

/** Validates a request body against a contract's payload schema; problems name fields of the body. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw invalidRequest(
    result.error.issues.map((issue) => ({
      field: issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[') || '(body)',
      message: issue.message,
    })),
  );
}

/** `If-Match: 3`, `"3"` or `W/"3"` → 3; absent → undefined; anything else is the client's error. */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match?.[1]) throw invalidRequest([{ field: 'If-Match', message: 'expected the version number the change is based on, such as "3"' }]);
  return Number(match[1]);
}

/** An `Idempotency-Key` header, checked; absent → undefined. */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) throw invalidRequest([{ field: 'Idempotency-Key', message: 'expected 1 to 200 visible ASCII characters' }]);
  return header;
}
