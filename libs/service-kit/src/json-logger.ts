import type { LoggerService } from '@nestjs/common';

type Level = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON object per line on stdout: what log shippers read. A message given as an object (for
 * example `{ message, correlationId, partition }`) has its fields spread into the line.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: Level = 'info',
  ) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  private write(level: Level, message: unknown, context?: string, trace?: string): void {
    if (rank[level] < rank[this.level]) return;
    const fields = typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : { message: String(message) };
    const line = { time: new Date().toISOString(), level, service: this.service, ...(context ? { context } : {}), ...fields, ...(trace ? { trace } : {}) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}
