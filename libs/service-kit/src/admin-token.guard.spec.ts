import type { ExecutionContext } from '@nestjs/common';
import { AdminTokenGuard, adminTokenProblem } from './admin-token.guard';
import { HttpProblem, problemType } from './problem';

const token = 'a'.repeat(24) + '-the-admin-token-of-this-test';

describe('adminTokenProblem', () => {
  it('lets the admin token through, whatever the case of the scheme', () => {
    expect(adminTokenProblem(`Bearer ${token}`, token)).toBeUndefined();
    expect(adminTokenProblem(`bearer ${token}`, token)).toBeUndefined();
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`],
    ['the scheme without a token', 'Bearer '],
    ['the token without the scheme', token],
  ])('answers 401 with WWW-Authenticate: Bearer to %s', (_case, header) => {
    const problem = adminTokenProblem(header, token);
    expect(problem).toBeInstanceOf(HttpProblem);
    expect({ status: problem?.problem.status, type: problem?.problem.type, headers: problem?.headers }).toEqual({
      status: 401,
      type: problemType('unauthorized'),
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  });

  it.each([
    ['another token', `Bearer ${'b'.repeat(64)}`],
    ['a prefix of the token', `Bearer ${token.slice(0, -1)}`],
    ['the token and more', `Bearer ${token}x`],
    ['the token in another case', `Bearer ${token.toUpperCase()}`],
  ])('answers 403 to %s, without a word about the token expected', (_case, header) => {
    const problem = adminTokenProblem(header, token);
    expect({ status: problem?.problem.status, type: problem?.problem.type, headers: problem?.headers }).toEqual({ status: 403, type: problemType('forbidden'), headers: {} });
    expect(JSON.stringify(problem?.problem)).not.toContain(token.slice(-20));
  });
});

describe('AdminTokenGuard', () => {
  const contextWith = (authorization: string | undefined) =>
    ({ switchToHttp: () => ({ getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }) }) }) as unknown as ExecutionContext;
  const guard = new AdminTokenGuard(token);

  it('activates the route for the admin token only, and throws the problem otherwise', () => {
    expect(guard.canActivate(contextWith(`Bearer ${token}`))).toBe(true);
    expect(() => guard.canActivate(contextWith(undefined))).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 401 }) }));
    expect(() => guard.canActivate(contextWith('Bearer wrong'))).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 403 }) }));
  });
});
