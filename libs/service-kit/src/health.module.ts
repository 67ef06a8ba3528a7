import { Controller, Get, HttpStatus, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { Public } from './access.guard';

/**
 * What an app's readiness found: each condition by name (all must hold), and whatever detail helps
 * an operator see why not (the partitions still loading, …), answered beside them.
 */
export interface Readiness {
  readonly checks: Readonly<Record<string, boolean>>;
  readonly [detail: string]: unknown;
}

/** What `/health/live` and `/health/ready` answer, in every app: `status` is `ok` exactly when every check holds. */
export type HealthAnswer = { readonly status: 'ok' | 'unavailable' } & Readiness;

export interface HealthOptions {
  /** The app's readiness conditions; asked at each `/health/ready`. */
  readonly ready: () => Promise<Readiness>;
  /** What `/metrics` serves. */
  readonly registry: Registry;
}

const HEALTH = Symbol('HEALTH');

// probes and scrapers carry no token, and neither is rate limited
@Public()
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(HEALTH) private readonly options: HealthOptions) {}

  /** The process runs and answers: no condition of its own, so a dependency's outage never restarts it. */
  @Get('health/live')
  live(): HealthAnswer {
    return { status: 'ok', checks: {} };
  }

  /** 200 when every condition holds; 503 naming those that do not. */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) response: Pick<Response, 'status'>): Promise<HealthAnswer> {
    const readiness = await this.options.ready();
    const ok = Object.values(readiness.checks).every(Boolean);
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', ...readiness };
  }

  /** Prometheus's text format. */
  @Get('metrics')
  async metrics(@Res() response: Response): Promise<void> {
    response.type(this.options.registry.contentType).send(await this.options.registry.metrics());
  }
}

/** `/health/live`, `/health/ready` and `/metrics`, the same in every app; only the conditions and the metrics differ. */
@Module({})
export class HealthModule {
  static for(options: HealthOptions): DynamicModule {
    return { module: HealthModule, controllers: [HealthController], providers: [{ provide: HEALTH, useValue: options }] };
  }
}
