import { HttpStatus, Inject, Injectable, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModule,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { isPublicRoute, TOKEN_VERIFIER, verificationOf } from './access.guard';
import type { TokenVerifier } from './bearer-token';
import { HttpProblem, problemType } from './problem';

/** The rate limit's settings (RATE_LIMIT_* in config.ts). */
export interface RateLimitSettings {
  readonly RATE_LIMIT_REQUESTS: number;
  readonly RATE_LIMIT_WINDOW_S: number;
}

/** The throttler's module, with one limit per client: so many requests per window. */
export const rateLimitModule = (settings: RateLimitSettings): DynamicModule =>
  ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: settings.RATE_LIMIT_WINDOW_S * 1000, limit: settings.RATE_LIMIT_REQUESTS }] });

/**
 * Per-client rate limits on every route but the @Public ones (health checks, metrics, the internal
 * endpoint). A client is its token's subject once the token verifies, so that callers behind one
 * address (an Ingress, a NAT) are each counted on their own; a request without a valid token is
 * counted by its address (and is refused 401 anyway). Runs before AccessGuard, so a flood is cut
 * before any handler; the token is verified once for both (verificationOf). The count is per
 * instance, in memory: N instances let a client make N times the limit.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    // the apps' guards reach their Kafka handlers too (the transport inherits the app's config): those are not requests
    return context.getType() !== 'http' || isPublicRoute(this.reflector, context);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const verification = await verificationOf(request as unknown as Request, this.verifier);
    return verification.kind === 'verified' ? `subject:${verification.identity.subject}` : `address:${String(request['ip'])}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, limit.timeToBlockExpire);
    throw new HttpProblem(
      {
        type: problemType('too-many-requests'),
        title: 'Too many requests',
        status: HttpStatus.TOO_MANY_REQUESTS,
        detail: `more than ${limit.limit} requests in ${limit.ttl / 1000} s from this client; try again in ${seconds} s`,
      },
      { 'Retry-After': String(seconds) },
    );
  }
}
