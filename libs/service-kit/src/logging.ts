import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './kafkajs-log';
import { requestId } from './request-id';

/**
 * What no log line may show, wherever it is logged from: credentials (an `Authorization` header, a
 * cookie, the instances' internal token) and payment tokens (a card's stand-in: an order's
 * `paymentToken` and a payment's `token`, the two fields redactPaymentTokens in @rewind/contracts
 * knows, inside a command, an event or a body at any depth a log line may nest it).
 */
export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  '*.*.authorization',
  'cookie',
  '*.cookie',
  '*.*.cookie',
  'internalToken',
  '*.internalToken',
  'paymentToken',
  '*.paymentToken',
  '*.*.paymentToken',
  '*.*.*.paymentToken',
  '*.*.*.*.paymentToken',
  'token',
  '*.token',
  '*.*.token',
  '*.*.*.token',
  '*.*.*.*.token',
];

/** Health and metrics probes: every few seconds from Kubernetes and Prometheus, so their access lines are debug. */
const PROBES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * The one log format of every Rewind app: a JSON object per line on stdout, with `time` (ISO 8601),
 * `level` (debug, info, warn, error), `service`, `message`, and the fields of the event; inside an
 * HTTP request also its `requestId`. `destination` is for tests; apps write to stdout, synchronously,
 * so a line logged just before `process.exit` is not lost.
 */
export function createLogger(service: string, level: LogLevel | 'silent', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * The app's logger as Nest's (nestjs-pino): every `Logger` of Nest writes through it, and each HTTP
 * request gets an id (`requestId`: a `traceparent`'s trace id, an `X-Request-Id`, or a new one, sent
 * back in `X-Request-Id`) that every line logged while handling it carries, and one access line when
 * it is answered: method, path, status, duration (`durationMs`), and the correlation id of the command
 * it sent, if any. Probes are logged at debug (a 503 while not ready too), other 5xx answers at error,
 * everything else at info.
 */
export function loggingModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger,
      genReqId: (request: IncomingMessage, response: ServerResponse) => requestId(request.headers, response),
      customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
      // the lines of a request carry its id, not the whole request (headers hold credentials)
      quietReqLogger: true,
      quietResLogger: true,
      // a probe answered 503 (not ready yet, while starting) is the probe's answer, not a failure of the server
      customLogLevel: (request, response, error) => (PROBES.test(request.url ?? '') ? 'debug' : error !== undefined || response.statusCode >= 500 ? 'error' : 'info'),
      customSuccessMessage: () => 'request answered',
      customErrorMessage: () => 'request answered',
      customSuccessObject: (request, response, value: { durationMs: number }) => accessLine(request, response, value.durationMs),
      // pino-http makes an error of any 5xx: only one that was thrown says more than the status
      customErrorObject: (request, response, error, value: { durationMs: number }) => ({
        ...accessLine(request, response, value.durationMs),
        ...(error.message === `failed with status code ${response.statusCode}` ? {} : { error: error.message }),
      }),
    },
  });
}

/** A Response's locals, where the command helpers leave the correlation id for the access line. */
export interface AccessLineLocals {
  correlationId?: string;
}

function accessLine(request: IncomingMessage, response: ServerResponse, durationMs: number) {
  const { correlationId } = ((response as ServerResponse & { locals?: AccessLineLocals }).locals ?? {}) as AccessLineLocals;
  // the path without its query: a query may carry a customer's id, and the route is what is searched for
  const path = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '';
  return { method: request.method, path: path.split('?')[0], status: response.statusCode, durationMs, ...(correlationId ? { correlationId } : {}) };
}
