import type { CommandEnvelope } from '@rewind/contracts';
import type { CommandClient } from '@rewind/event-store';
import type { Response } from 'express';
import { type z } from 'zod';
import { actorOf, type Caller } from './caller';
import { assertAccepted, problemFor } from './command-problems';
import { HttpStatus, Logger } from '@nestjs/common';
import type { AccessLineLocals } from './logging';
import { HttpProblem, invalidRequest, problemType } from './problem';

// written inside the request, so each line carries its requestId (nestjs-pino binds it)
const commandLog = new Logger('commands');

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
  // the access line carries the correlation id too: from a request's line to the saga it started
  (response.locals as AccessLineLocals).correlationId = command.correlationId;
  const outcome = await client.send(command).catch((error: unknown) => {
    commandLog.warn({ message: 'command not sent', ...aboutCommand(command), error: error instanceof Error ? error.message : String(error) });
    throw error;
  });
  commandLog.log({ message: 'command answered', ...aboutCommand(command), outcome: outcome.status, ...('code' in outcome && outcome.code ? { code: outcome.code } : {}) });
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

/** What a log line says of a command: never its data (an order's carries a payment token). */
const aboutCommand = ({ type, commandId, aggregateId, correlationId, causationId }: CommandEnvelope) => ({ type, commandId, aggregateId, correlationId, causationId });

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

/**
 * What an `If-Match` header may hold: nothing, or a version, bare, quoted or weak. HTTP drops the
 * whitespace around a header's value (RFC 9110 §5.5), so a trailing one is allowed too. The OpenAPI
 * documents show these same patterns, so what they promise is what the API takes; `[0-9]`, not
 * `\d`, since other regex engines (a fuzzer's) read `\d` as any Unicode digit.
 */
export const IF_MATCH_PATTERN = /^(?:(?:W\/)?"?([0-9]{1,9})"?)?[ \t]*$/;
/** What an `Idempotency-Key` header may hold: 1 to 200 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^([\x21-\x7e]{1,200})[ \t]*$/;

/** `If-Match: 3`, `"3"` or `W/"3"` → 3; absent or empty → undefined; anything else is the client's error. */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = IF_MATCH_PATTERN.exec(ifMatch);
  if (!match) throw invalidRequest([{ field: 'If-Match', message: 'expected the version number the change is based on, such as "3"' }]);
  return match[1] === undefined ? undefined : Number(match[1]);
}

/** An `Idempotency-Key` header, checked; absent → undefined. */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = IDEMPOTENCY_KEY_PATTERN.exec(header)?.[1];
  if (key === undefined) throw invalidRequest([{ field: 'Idempotency-Key', message: 'expected 1 to 200 visible ASCII characters' }]);
  return key;
}

/**
 * The aggregate as its owner knows it after every command sent before this read, with its version
 * as ETag (for If-Match); 404 when it does not exist.
 */
export async function answerState<S>(client: CommandClient<CommandEnvelope>, aggregateId: string, kind: string, response: Response): Promise<{ version: number; state: S }> {
  const reply = await client.readState<S>(aggregateId);
  if (reply.status === 'pending') {
    throw new HttpProblem({ type: problemType('timeout'), title: `The ${kind} could not be read in time`, status: HttpStatus.SERVICE_UNAVAILABLE });
  }
  if (reply.version === 0) throw notFoundProblem(kind, aggregateId);
  response.setHeader('ETag', `"${reply.version}"`);
  return { version: reply.version, state: reply.state };
}

/**
 * The 404 of an aggregate that does not exist, or that the caller may not see: a customer asking
 * for another customer's order gets the same answer as for no order at all, so ids cannot be probed.
 */
export function notFoundProblem(kind: string, aggregateId: string): HttpProblem {
  return new HttpProblem({ type: problemType(`${kind}-not-found`), title: `No such ${kind}`, status: HttpStatus.NOT_FOUND, detail: `${kind} ${aggregateId} does not exist` });
}

/**
 * A command issued by an HTTP request: its id is the Idempotency-Key (or new), it correlates
 * itself, and its actor is the verified caller, whose subject and role its events record.
 */
export function httpCommand<C extends CommandEnvelope>(
  caller: Caller,
  type: C['type'],
  aggregateId: string,
  commandId: string,
  data: C['data'],
  expectedVersion?: number,
): C {
  return {
    commandId,
    type,
    aggregateId,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    issuedAt: new Date().toISOString(),
    correlationId: commandId,
    causationId: commandId,
    actor: actorOf(caller),
    data,
  } as C;
}
