import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@rewind/service-kit';
import type { Response } from 'express';
import { Probes } from './probes';

@Public()
@ApiExcludeController()
@Controller('health')
export class HealthHttpController {
  constructor(@Inject(Probes) private readonly probes: Probes) {}

  /** The process runs and answers. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** MongoDB answers (the reads) and Kafka answers (their staleness, and rebuild requests). */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const checks = await this.probes.check();
    const ok = checks.mongodb && checks.kafka;
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
