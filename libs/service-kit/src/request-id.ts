import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header a request's id comes in (when the caller set it) and always goes back in. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

// W3C Trace Context: version-traceid-parentid-flags; an all-zero trace id is invalid, and version ff is forbidden
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
// what a client may name its request by: it is written into every log line, so short and printable
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim();
};

/**
 * Pure: the id a request is known by, from its headers: the trace id of a valid `traceparent` (so a
 * log line joins the caller's trace), else a well-formed `X-Request-Id`; undefined when neither is
 * there, and the caller makes one. Anything malformed is ignored rather than refused: an id is for
 * finding log lines, and a request must not fail for a bad one.
 */
export function requestIdFrom(headers: IncomingHttpHeaders): string | undefined {
  const trace = TRACEPARENT.exec(header(headers, 'traceparent')?.toLowerCase() ?? '');
  if (trace && trace[1] !== 'ff' && !/^0+$/.test(trace[2] ?? '') && !/^0+$/.test(trace[3] ?? '')) return trace[2];
  const given = header(headers, 'x-request-id');
  return given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : undefined;
}

/** The request's id, from its headers or made; either way it is sent back in `X-Request-Id`. */
export function requestId(headers: IncomingHttpHeaders, response: { setHeader(name: string, value: string): unknown }): string {
  const id = requestIdFrom(headers) ?? randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
