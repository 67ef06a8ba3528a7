import { applyDecorators, createParamDecorator, HttpStatus, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import type { Role } from '@rewind/contracts';
import type { Request } from 'express';
import type { TokenVerifier, Verification } from './bearer-token';
import type { Caller as VerifiedCaller } from './caller';
import { BEARER_SECURITY, problemResponse } from './openapi';
import { HttpProblem, problemType } from './problem';

/** The injection token of the app's TokenVerifier, which AccessGuard asks. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

const ROLES = 'rewind:roles';
const PUBLIC = 'rewind:public';

/** The verified caller of a request (see caller.ts), as a type: `@Caller() caller: Caller`. */
export type Caller = VerifiedCaller;

/**
 * The roles that may call a route, in order of precedence (a caller with several is let in under
 * the first it holds): checked by AccessGuard, and documented with the bearer scheme, 401 and 403.
 */
export const Roles = (...allowed: [Role, ...Role[]]) =>
  applyDecorators(
    SetMetadata(ROLES, allowed),
    ApiBearerAuth(BEARER_SECURITY),
    ApiResponse(problemResponse(401, 'No bearer token, or one that does not verify (the answer carries `WWW-Authenticate: Bearer`)')),
    ApiResponse(problemResponse(403, `The caller holds none of the roles of this endpoint: ${allowed.join(', ')}`)),
    ApiResponse(problemResponse(429, 'Past the client’s rate limit (RATE_LIMIT_*); `Retry-After` says in how many seconds to try again')),
  );

/** A route anyone may call: health, metrics, and the internal endpoint that checks a credential of its own. */
export const Public = () => SetMetadata(PUBLIC, true);

/** Whether the route a request reached is @Public. */
export const isPublicRoute = (reflector: Reflector, context: ExecutionContext): boolean =>
  reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]) === true;

const verifications = new WeakMap<Request, Promise<Verification>>();

/**
 * The verification of a request's bearer token, made once per request: the rate limit (which
 * counts a client by its subject) and AccessGuard both ask, and a signature is checked only once.
 */
export function verificationOf(request: Request, verifier: TokenVerifier): Promise<Verification> {
  let verification = verifications.get(request);
  if (!verification) {
    verification = verifier.verify(request.headers.authorization);
    verifications.set(request, verification);
  }
  return verification;
}

/** The verified caller of the request, in a controller's parameters: `@Caller() caller: Caller`. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<Request & { caller?: Caller }>().caller;
  // a route with @Caller() and without @Roles() is a mistake of the code, not of the request
  if (!caller) throw new Error('@Caller() on a route that AccessGuard did not authenticate (give it @Roles)');
  return caller;
});

/**
 * Every HTTP route needs a verified bearer token and one of the roles it declares with @Roles, or
 * is declared @Public. A route that declares neither is refused to everyone: a route forgotten is
 * closed, not open. Registered for the whole app (APP_GUARD); the ProblemFilter renders refusals.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // the apps' guards reach their Kafka handlers too (the transport inherits the app's config): those are not requests
    if (context.getType() !== 'http') return true;
    if (isPublicRoute(this.reflector, context)) return true;
    const allowed = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]) ?? [];
    const request = context.switchToHttp().getRequest<Request & { caller?: Caller }>();
    const verification = await verificationOf(request, this.verifier);
    switch (verification.kind) {
      case 'missing':
        throw new HttpProblem(
          { type: problemType('unauthorized'), title: 'Authentication required', status: HttpStatus.UNAUTHORIZED, detail: 'send Authorization: Bearer <access token> (docs/security.md)' },
          { 'WWW-Authenticate': 'Bearer realm="rewind"' },
        );
      case 'invalid':
        throw new HttpProblem(
          { type: problemType('invalid-token'), title: 'The bearer token is not accepted', status: HttpStatus.UNAUTHORIZED, detail: verification.reason },
          { 'WWW-Authenticate': `Bearer realm="rewind", error="invalid_token", error_description="${verification.reason}"` },
        );
      case 'unavailable':
        throw new HttpProblem({ type: problemType('issuer-unavailable'), title: 'Tokens cannot be verified right now', status: HttpStatus.SERVICE_UNAVAILABLE, detail: verification.reason });
      case 'verified':
        break;
      default: {
        const unreachable: never = verification;
        return unreachable;
      }
    }
    const { identity } = verification;
    const role = allowed.find((candidate) => identity.roles.includes(candidate));
    if (role === undefined) {
      throw new HttpProblem(
        {
          type: problemType('forbidden'),
          title: 'Forbidden',
          status: HttpStatus.FORBIDDEN,
          detail: allowed.length === 0 ? 'this endpoint declares no role that may call it' : `this endpoint is for: ${allowed.join(', ')}`,
        },
        { 'WWW-Authenticate': 'Bearer realm="rewind", error="insufficient_scope"' },
      );
    }
    request.caller = { subject: identity.subject, role, roles: identity.roles };
    return true;
  }
}
