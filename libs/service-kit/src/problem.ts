import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { InvalidMessageError } from '@rewind/contracts';
import { EventStoreError } from '@rewind/event-store';
import type { Response } from 'express';
import { throwError, type Observable } from 'rxjs';

/** One field that made a request invalid: where, and why. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem details, as every Rewind API answers an error. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extension: string]: unknown;
}

/** An error that already knows its HTTP meaning. Thrown by controllers; rendered by ProblemFilter. */
export class HttpProblem extends Error {
  constructor(
    readonly problem: ProblemDetails,
    /** Headers the answer must carry besides the problem, such as a 401's `WWW-Authenticate`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
  }
}

export const problemType = (slug: string) => `https://rewind.dev/problems/${slug}`;

export function invalidRequest(errors: readonly FieldProblem[]): HttpProblem {
  return new HttpProblem({
    type: problemType('invalid-request'),
    title: 'The request is invalid',
    status: HttpStatus.BAD_REQUEST,
    detail: errors.map((error) => `${error.field}: ${error.message}`).join('; '),
    errors,
  });
}

/**
 * The one place errors become HTTP answers: every error leaves as `application/problem+json`,
 * with the field at fault where there is one. Anything unexpected is a 500 and is logged.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): Observable<never> | void {
    // the app's filters reach the event-store transport too (inheritAppConfig): an error thrown by a
    // command handler goes back to the event store as it is, which answers the command "failed"
    if (host.getType() !== 'http') return throwError(() => error);
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(error);
    if (error instanceof HttpProblem) response.set(error.headers);
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE) response.set('Retry-After', '1');
    response.status(problem.status).type('application/problem+json').send(problem);
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof HttpProblem) return error.problem;
    // Kafka did not take the request in time (a send past its deadline): worth trying again soon
    if (error instanceof EventStoreError && error.retriable) {
      this.logger.warn({ message: 'a request could not be handed to Kafka', error: error.message });
      return {
        type: problemType('unavailable'),
        title: 'The service cannot reach Kafka right now',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `${error.message}; try again (a command with the same Idempotency-Key is applied at most once)`,
      };
    }
    if (error instanceof InvalidMessageError) return invalidRequest([{ field: error.path || '(body)', message: error.message }]).problem;
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      // body-parser refuses malformed or oversized JSON before any controller runs
      const field = status === HttpStatus.BAD_REQUEST || status === HttpStatus.PAYLOAD_TOO_LARGE ? [{ field: '(body)', message: String(detail) }] : undefined;
      return {
        type: problemType(`http-${status}`),
        title: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error',
        status,
        detail: Array.isArray(detail) ? detail.join('; ') : String(detail ?? error.message),
        ...(field ? { errors: field } : {}),
      };
    }
    // body-parser's own refusals (a body over the limit, an unsupported charset) reach here as they
    // are: a client error that says so itself, not a failure of the server
    if (isClientError(error)) {
      return {
        type: problemType(`http-${error.status}`),
        title: HttpStatus[error.status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'client error',
        status: error.status,
        detail: error.message,
        errors: [{ field: '(body)', message: error.message }],
      };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { type: problemType('internal'), title: 'Internal error', status: HttpStatus.INTERNAL_SERVER_ERROR };
  }
}

/** An error that marks itself safe to show and a 4xx, as body-parser's (http-errors) do. */
function isClientError(error: unknown): error is Error & { status: number } {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return error instanceof Error && expose === true && typeof status === 'number' && status >= 400 && status < 500;
}
