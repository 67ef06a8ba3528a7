import type { Admin } from 'kafkajs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventStoreTransport } from './event-store.transport';
import type { Readiness } from './health.module';

/** A registry with the process's own metrics (CPU, memory, event loop, …): what every app's /metrics starts from. */
export function metricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** What a service's readiness looks at. */
export interface ServiceRuntime {
  /** Connected once at boot; kafkajs reconnects it on the next request after a broker restart. */
  readonly admin: Admin;
  readonly transport: EventStoreTransport<never, never, unknown>;
}

/**
 * A service is ready when Kafka answers, this instance has joined its group, and every partition it
 * owns is loaded (fenced and read to the log's end): its commands are decided without waiting.
 * `loading` names the rest.
 */
export async function serviceReadiness(runtime: ServiceRuntime): Promise<Readiness> {
  const processor = runtime.transport.commandProcessor;
  const loading = processor?.unloaded ?? [];
  // the HTTP server listens before the processor has joined its group (it advertises the port it listens on)
  const joined = processor?.member !== undefined;
  const kafka = await runtime.admin.describeCluster().then(
    () => true,
    () => false,
  );
  return { checks: { kafka, commandProcessor: joined, partitionsLoaded: joined && loading.length === 0 }, partitions: processor?.partitions ?? [], loading };
}

export class ServiceMetrics {
  readonly commandSeconds: Histogram<'type' | 'status'>;
  readonly commands: Counter<'type' | 'status'>;
  /** Every request this process's Kafka clients sent, by client and API: divided by the commands, what a command costs in round trips. */
  readonly kafkaRequests: Counter<'client' | 'api'>;
  /** How long each of them took: a command waits on its producer's (AddPartitionsToTxn, Produce, EndTxn) in turn. */
  readonly kafkaRequestSeconds: Histogram<'client' | 'api'>;

  constructor(
    readonly registry: Registry,
    stats: () => { batches: number; commands: number; events: number } | undefined,
    partitions: () => readonly number[],
  ) {
    this.commandSeconds = new Histogram({
      name: 'rewind_command_duration_seconds',
      help: 'Time from receiving a command over HTTP to knowing its outcome',
      labelNames: ['type', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.commands = new Counter({ name: 'rewind_commands_total', help: 'Commands answered over HTTP, by outcome', labelNames: ['type', 'status'], registers: [registry] });
    this.kafkaRequests = new Counter({
      name: 'rewind_kafka_requests_total',
      help: 'Requests sent to Kafka by this process, by client kind and protocol API',
      labelNames: ['client', 'api'],
      registers: [registry],
    });
    this.kafkaRequestSeconds = new Histogram({
      name: 'rewind_kafka_request_duration_seconds',
      help: 'Time from sending a request to Kafka to its answer, by client kind and protocol API (a Fetch includes the broker\'s wait for data)',
      labelNames: ['client', 'api'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    });
    const fromStats = (name: string, help: string, key: 'batches' | 'commands' | 'events') =>
      new Gauge({ name, help, registers: [registry], collect() { this.set(stats()?.[key] ?? 0); } });
    fromStats('rewind_processor_batches_committed', 'Transactions committed by this instance\'s command processor', 'batches');
    fromStats('rewind_processor_commands_decided', 'Commands decided by this instance', 'commands');
    fromStats('rewind_processor_events_appended', 'Events appended by this instance', 'events');
    new Gauge({ name: 'rewind_partitions_owned', help: 'Command partitions this instance owns', registers: [registry], collect() { this.set(partitions().length); } });
  }
}
