import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Admin } from 'kafkajs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventStoreTransport } from './event-store.transport';

export const SERVICE_RUNTIME = Symbol('SERVICE_RUNTIME');

/** What the health and metrics endpoints look at. */
export interface ServiceRuntime {
  /** Connected once at boot; kafkajs reconnects it on the next request after a broker restart. */
  readonly admin: Admin;
  readonly transport: EventStoreTransport<never, never, unknown>;
  readonly metrics: ServiceMetrics;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly commandSeconds = new Histogram({
    name: 'rewind_command_duration_seconds',
    help: 'Time from receiving a command over HTTP to knowing its outcome',
    labelNames: ['type', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly commands = new Counter({ name: 'rewind_commands_total', help: 'Commands answered over HTTP, by outcome', labelNames: ['type', 'status'], registers: [this.registry] });
  /** Every request this process's Kafka clients sent, by client and API: divided by the commands, what a command costs in round trips. */
  readonly kafkaRequests = new Counter({
    name: 'rewind_kafka_requests_total',
    help: 'Requests sent to Kafka by this process, by client kind and protocol API',
    labelNames: ['client', 'api'],
    registers: [this.registry],
  });

  constructor(stats: () => { batches: number; commands: number; events: number } | undefined, partitions: () => readonly number[]) {
    collectDefaultMetrics({ register: this.registry });
    const fromStats = (name: string, help: string, key: 'batches' | 'commands' | 'events') =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(stats()?.[key] ?? 0); } });
    fromStats('rewind_processor_batches_committed', 'Transactions committed by this instance\'s command processor', 'batches');
    fromStats('rewind_processor_commands_decided', 'Commands decided by this instance', 'commands');
    fromStats('rewind_processor_events_appended', 'Events appended by this instance', 'events');
    new Gauge({ name: 'rewind_partitions_owned', help: 'Command partitions this instance owns', registers: [this.registry], collect() { this.set(partitions().length); } });
  }
}

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  /** The process runs and answers. */
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Kafka answers, this instance has joined its group, and every partition it owns is loaded (fenced
   * and read to the log's end): its commands are decided without waiting. `loading` names the rest.
   */
  @Get('health/ready')
  async ready(@Res() response: Response) {
    const processor = this.runtime.transport.commandProcessor;
    const loading = processor?.unloaded ?? [];
    // the HTTP server listens before the processor has joined its group (it advertises the port it listens on)
    const joined = processor?.member !== undefined;
    const checks = { kafka: await this.kafkaAnswers(), commandProcessor: joined, partitionsLoaded: joined && loading.length === 0 };
    const ok = Object.values(checks).every(Boolean);
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'unavailable', checks, partitions: processor?.partitions ?? [], loading });
  }

  @Get('metrics')
  async metrics(@Res() response: Response) {
    response.type(this.runtime.metrics.registry.contentType).send(await this.runtime.metrics.registry.metrics());
  }

  private async kafkaAnswers(): Promise<boolean> {
    try {
      await this.runtime.admin.describeCluster();
      return true;
    } catch {
      return false;
    }
  }
}
