import { z } from 'zod';
import { expectedVersion, idempotencyKey, IF_MATCH_PATTERN, parseBody } from './command-http';
import { HttpProblem } from './problem';

const problemOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (error instanceof HttpProblem) return error.problem;
    throw error;
  }
  throw new Error('accepted');
};

describe('HTTP helpers', () => {
  it('name the body field at fault', () => {
    const schema = z.object({ lines: z.array(z.object({ quantity: z.number().int().positive() })) });
    expect(parseBody(schema, { lines: [{ quantity: 2 }] })).toEqual({ lines: [{ quantity: 2 }] });
    expect(problemOf(() => parseBody(schema, { lines: [{ quantity: 0 }] }))).toMatchObject({ status: 400, errors: [{ field: 'lines[0].quantity' }] });
    expect(problemOf(() => parseBody(schema, 'text'))).toMatchObject({ status: 400, errors: [{ field: '(body)' }] });
  });

  it('read If-Match as a version', () => {
    expect(expectedVersion(undefined)).toBeUndefined();
    expect([expectedVersion('3'), expectedVersion('"3"'), expectedVersion('W/"3"')]).toEqual([3, 3, 3]);
    expect(problemOf(() => expectedVersion('latest'))).toMatchObject({ status: 400, errors: [{ field: 'If-Match' }] });
  });

  it('take an empty If-Match as none, as its documented pattern does', () => {
    expect(expectedVersion('')).toBeUndefined();
    expect(IF_MATCH_PATTERN.test('')).toBe(true);
  });

  it.each(['٣', '3\u00a0', '"3"x', '1234567890'])('refuse If-Match %p, which its documented pattern refuses too', (value) => {
    expect(IF_MATCH_PATTERN.test(value)).toBe(false);
    expect(problemOf(() => expectedVersion(value))).toMatchObject({ status: 400 });
  });

  it('check an Idempotency-Key', () => {
    expect(idempotencyKey('order-2026-0001')).toBe('order-2026-0001');
    expect(problemOf(() => idempotencyKey('has space'))).toMatchObject({ status: 400, errors: [{ field: 'Idempotency-Key' }] });
    expect(problemOf(() => idempotencyKey(''))).toMatchObject({ status: 400, errors: [{ field: 'Idempotency-Key' }] });
    expect(idempotencyKey('key-1 ')).toBe('key-1');
  });
});
