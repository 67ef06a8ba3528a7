import { requestId, requestIdFrom } from './request-id';

describe('a request id', () => {
  const trace = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('is the trace id of a valid traceparent, before any X-Request-Id', () => {
    expect(requestIdFrom({ traceparent: `00-${trace}-00f067aa0ba902b7-01`, 'x-request-id': 'mine' })).toBe(trace);
    // a later version may add fields; the trace id stays where it is
    expect(requestIdFrom({ traceparent: `01-${trace.toUpperCase()}-00f067aa0ba902b7-00-more` })).toBe(trace);
  });

  it('is the X-Request-Id when the traceparent is missing or invalid', () => {
    expect(requestIdFrom({ 'x-request-id': 'req-42' })).toBe('req-42');
    expect(requestIdFrom({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, 'x-request-id': 'req-42' })).toBe('req-42');
    expect(requestIdFrom({ traceparent: `00-${trace}-${'0'.repeat(16)}-01`, 'x-request-id': 'req-42' })).toBe('req-42');
    expect(requestIdFrom({ traceparent: `ff-${trace}-00f067aa0ba902b7-01`, 'x-request-id': 'req-42' })).toBe('req-42');
    expect(requestIdFrom({ traceparent: 'garbage', 'x-request-id': ' req-42 ' })).toBe('req-42');
  });

  it('ignores an X-Request-Id that is too long or not printable: it would go into every log line', () => {
    expect(requestIdFrom({ 'x-request-id': 'x'.repeat(129) })).toBeUndefined();
    expect(requestIdFrom({ 'x-request-id': 'a b' })).toBeUndefined();
    expect(requestIdFrom({ 'x-request-id': 'line\nbreak' })).toBeUndefined();
    expect(requestIdFrom({})).toBeUndefined();
  });

  it('is made when the request brings none, and goes back in X-Request-Id either way', () => {
    const sent = new Map<string, string>();
    const response = { setHeader: (name: string, value: string) => sent.set(name, value) };
    const made = requestId({}, response);
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.get('X-Request-Id')).toBe(made);
    expect(requestId({ 'x-request-id': 'req-42' }, response)).toBe('req-42');
    expect(sent.get('X-Request-Id')).toBe('req-42');
  });
});
