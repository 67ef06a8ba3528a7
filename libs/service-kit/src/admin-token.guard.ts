import { createHash, timingSafeEqual } from 'node:crypto';
import { applyDecorators, HttpStatus, Inject, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { problemResponse } from './openapi';
import { HttpProblem, problemType } from './problem';

/** The injection token of the admin token (the app's ADMIN_TOKEN setting) that AdminTokenGuard compares with. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** The name of the bearer security scheme in OpenAPI: `DocumentBuilder.addBearerAuth(adminBearerScheme, ADMIN_SECURITY)`. */
export const ADMIN_SECURITY = 'admin';
export const adminBearerScheme = {
  type: 'http' as const,
  scheme: 'bearer',
  description: 'The ADMIN_TOKEN the app was started with, in Kubernetes from the Secret rewind-admin.',
};

/**
 * Whether an `Authorization` header carries the admin token: undefined if it does, else the
 * problem to answer. No bearer credentials at all is a 401 that says how to authenticate; a bearer
 * token that is not the one is a 403. Neither says anything about the token expected.
 */
export function adminTokenProblem(authorization: string | undefined, expected: string): HttpProblem | undefined {
  // RFC 9110: the scheme is case-insensitive; RFC 6750: one space, then the token
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) {
    return new HttpProblem(
      {
        type: problemType('unauthorized'),
        title: 'Authentication required',
        status: HttpStatus.UNAUTHORIZED,
        detail: 'this is an admin endpoint: send Authorization: Bearer <ADMIN_TOKEN>',
      },
      { 'WWW-Authenticate': 'Bearer' },
    );
  }
  if (sameSecret(presented, expected)) return undefined;
  return new HttpProblem({ type: problemType('forbidden'), title: 'Forbidden', status: HttpStatus.FORBIDDEN, detail: 'the bearer token is not the admin token' });
}

/**
 * Compares in time independent of where the two differ, and of their lengths: both are hashed to
 * the same size first, since timingSafeEqual needs equal lengths and a length check would leak one.
 */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Lets a request through only with `Authorization: Bearer <ADMIN_TOKEN>`; the ProblemFilter renders the refusal. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(ADMIN_TOKEN) private readonly token: string) {}

  canActivate(context: ExecutionContext): boolean {
    const problem = adminTokenProblem(context.switchToHttp().getRequest<Request>().headers.authorization, this.token);
    if (problem) throw problem;
    return true;
  }
}

/**
 * Marks a route as an admin endpoint: guarded by AdminTokenGuard (the app provides ADMIN_TOKEN),
 * and documented with the bearer scheme and its 401 and 403.
 */
export const AdminOnly = () =>
  applyDecorators(
    UseGuards(AdminTokenGuard),
    ApiBearerAuth(ADMIN_SECURITY),
    ApiResponse(problemResponse(401, 'No `Authorization: Bearer …` header (the answer carries `WWW-Authenticate: Bearer`)')),
    ApiResponse(problemResponse(403, 'The bearer token is not the admin token')),
  );
