import type { OpenAPIObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { methodNotAllowed, openApiSchema, routePattern, withHttpProblems } from './openapi';

const document = (paths: OpenAPIObject['paths']): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths });

describe('OpenAPI documents', () => {
  describe('openApiSchema', () => {
    it('shows the constraints the API validates with, as OpenAPI 3.0', () => {
      const schema = openApiSchema(z.object({ currency: z.string().regex(/^[A-Z]{3}$/), quantity: z.int().min(1), note: z.string().max(5).optional() }));
      expect(schema).toEqual({
        type: 'object',
        properties: {
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          quantity: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          note: { type: 'string', maxLength: 5 },
        },
        required: ['currency', 'quantity'],
      });
    });
  });

  describe('withHttpProblems', () => {
    const completed = withHttpProblems(
      document({
        '/orders': { post: { requestBody: { content: {} }, responses: { 400: { description: 'own' } } } },
        '/orders/{id}': { get: { parameters: [{ name: 'id', in: 'path' }], responses: {} } },
        '/orders/{id}/state': { get: { parameters: [{ name: 'at', in: 'query' }], responses: {} } },
      }),
    );

    it('adds what the HTTP layer answers for a body, keeping what the operation documents itself', () => {
      expect(Object.keys(completed.paths['/orders']?.post?.responses ?? {}).sort()).toEqual(['400', '413', '415']);
      expect(completed.paths['/orders']?.post?.responses['400']).toEqual({ description: 'own' });
    });

    it('adds to a command (it takes an Idempotency-Key) a 422 for a reused key, beside its own 422, a 500 and a 503', () => {
      const commands = withHttpProblems(
        document({
          '/a': { post: { parameters: [{ name: 'Idempotency-Key', in: 'header' }], responses: { 422: { description: 'Refused by a rule' } } } },
          '/b': { post: { parameters: [{ name: 'Idempotency-Key', in: 'header' }], responses: {} } },
        }),
      );
      expect(commands.paths['/a']?.post?.responses['422']).toEqual({ description: 'Refused by a rule; or the Idempotency-Key was used before for another request (`idempotency_key_reused`)' });
      expect(commands.paths['/b']?.post?.responses['422']).toMatchObject({ description: 'The Idempotency-Key was used before for another request (`idempotency_key_reused`)' });
      expect(Object.keys(commands.paths['/b']?.post?.responses ?? {}).sort()).toEqual(['400', '422', '500', '503']);
      expect(completed.paths['/orders']?.post?.responses['422']).toBeUndefined();
    });

    it('adds a 400 for query or header parameters, and nothing for path parameters alone', () => {
      expect(Object.keys(completed.paths['/orders/{id}/state']?.get?.responses ?? {})).toEqual(['400']);
      expect(completed.paths['/orders/{id}']?.get?.responses).toEqual({});
    });
  });

  describe('methodNotAllowed', () => {
    const handler = methodNotAllowed(document({ '/orders': { post: { responses: {} } }, '/orders/{id}': { get: { responses: {} } } }));
    const answer = (method: string, path: string) => {
      const seen: { status?: number; allow?: string; body?: unknown; passed?: boolean } = {};
      const response = {
        status: (status: number) => ((seen.status = status), response),
        set: (_name: string, value: string) => ((seen.allow = value), response),
        type: () => response,
        send: (body: unknown) => ((seen.body = body), response),
        end: () => response,
      };
      handler({ method, path } as Request, response as unknown as Response, () => (seen.passed = true));
      return seen;
    };

    it('answers a declared path asked with another method 405, with Allow', () => {
      expect(answer('DELETE', '/orders/o-1')).toMatchObject({ status: 405, allow: 'GET, HEAD, OPTIONS', body: { status: 405 } });
      expect(answer('TRACE', '/orders')).toMatchObject({ status: 405, allow: 'POST, OPTIONS' });
    });

    it('answers OPTIONS with Allow alone', () => {
      expect(answer('OPTIONS', '/orders')).toEqual({ status: 204, allow: 'POST, OPTIONS' });
    });

    it('passes on declared methods, HEAD for GET, and paths the document does not declare', () => {
      expect(answer('POST', '/orders')).toEqual({ passed: true });
      expect(answer('HEAD', '/orders/o-1')).toEqual({ passed: true });
      expect(answer('DELETE', '/health/live')).toEqual({ passed: true });
      expect(answer('DELETE', '/orders/o-1/timeline')).toEqual({ passed: true });
    });
  });

  it('matches a path template as Express routes it', () => {
    const pattern = routePattern('/orders/{orderId}/cancel');
    expect(['/orders/o-1/cancel', '/ORDERS/o-1/cancel', '/orders/o%2F1/cancel/'].map((path) => pattern.test(path))).toEqual([true, true, true]);
    expect(['/orders/cancel', '/orders/a/b/cancel', '/orders/o-1/cancel/x'].map((path) => pattern.test(path))).toEqual([false, false, false]);
  });
});
