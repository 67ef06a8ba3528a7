import type { ArgumentsHost } from '@nestjs/common';
import { EventStoreError } from '@rewind/event-store';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { ProblemFilter } from './problem';

describe('the problem filter', () => {
  /** What the filter answers for an error, through a response that records it. */
  function answer(error: unknown) {
    const sent: { status?: number; type?: string; body?: unknown; headers?: Record<string, string> } = {};
    const response = {
      set: (name: string | Record<string, string>, value?: string) => {
        if (typeof name === 'string' && value !== undefined) sent.headers = { ...sent.headers, [name]: value };
        return response;
      },
      status: (status: number) => ((sent.status = status), response),
      type: (type: string) => ((sent.type = type), response),
      send: (body: unknown) => ((sent.body = body), response),
    };
    const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new ProblemFilter().catch(error, host);
    return sent;
  }

  it('answers a body over the limit with 413 naming the body, not with a server error', () => {
    // the error body-parser raises (through http-errors) for a body over its limit
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, statusCode: 413, expose: true, type: 'entity.too.large' });
    expect(answer(tooLarge)).toEqual({
      status: 413,
      type: 'application/problem+json',
      body: expect.objectContaining({ status: 413, title: 'payload too large', errors: [{ field: '(body)', message: 'request entity too large' }] }),
    });
  });

  it('keeps an error that does not mark itself as the client’s a 500 that tells nothing', () => {
    const internal = Object.assign(new Error('connection string mongodb://user:secret@db'), { status: 400 });
    expect(answer(internal)).toEqual({ status: 500, type: 'application/problem+json', body: { type: expect.stringMatching(/internal$/), title: 'Internal error', status: 500 } });
  });

  it('answers a request Kafka did not take in time with 503 and Retry-After', () => {
    const late = new EventStoreError('sending command k to orders.commands did not come within 10000 ms', true);
    expect(answer(late)).toEqual({
      status: 503,
      type: 'application/problem+json',
      headers: { 'Retry-After': '1' },
      body: expect.objectContaining({ status: 503, detail: expect.stringContaining('sending command k to orders.commands did not come within 10000 ms') }),
    });
  });

  it('gives an error of a command handler back to the event-store transport as it is, not as an HTTP answer', async () => {
    // the app's filters reach the transport's handlers too; there is no HTTP response there
    const host = { getType: () => 'rpc', switchToHttp: () => ({ getResponse: () => ({}) }) } as unknown as ArgumentsHost;
    const bug = new Error('the handler has a bug');
    const result = new ProblemFilter().catch(bug, host);
    expect(isObservable(result)).toBe(true);
    await expect(lastValueFrom(result as Observable<never>)).rejects.toBe(bug);
  });
});
