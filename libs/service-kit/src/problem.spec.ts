import type { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem';

describe('the problem filter', () => {
  /** What the filter answers for an error, through a response that records it. */
  function answer(error: unknown) {
    const sent: { status?: number; type?: string; body?: unknown } = {};
    const response = {
      set: () => response,
      status: (status: number) => ((sent.status = status), response),
      type: (type: string) => ((sent.type = type), response),
      send: (body: unknown) => ((sent.body = body), response),
    };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
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
});
