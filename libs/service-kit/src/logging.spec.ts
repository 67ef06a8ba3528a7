import { Controller, Get, Logger, Module, Query, Res, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import { createLogger, loggingModule } from './logging';

/** Every line the logger wrote, parsed. */
class Lines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

@Controller()
class OrdersController {
  private readonly log = new Logger('orders');

  @Get('orders')
  list() {
    this.log.log({ message: 'listing orders', command: { data: { paymentToken: 'tok_visa' } } });
    return [];
  }

  @Get('orders/broken')
  broken(): never {
    throw new Error('a bug');
  }

  @Get('health/ready')
  ready(@Query() query: Record<string, string>, @Res({ passthrough: true }) response: { status(code: number): unknown }) {
    if ('starting' in query) response.status(503);
    return { status: 'ok', checks: {} };
  }
}

describe('the logs of an app', () => {
  const output = new Lines();
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const logger = createLogger('orders-test', 'debug', output);
    @Module({ imports: [loggingModule(logger)], controllers: [OrdersController] })
    class TestModule {}
    app = await NestFactory.create(TestModule, { bufferLogs: true });
    app.useLogger(app.get(NestPinoLogger));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  const linesOf = (requestId: string) => output.lines.filter((line) => line['requestId'] === requestId);

  it('gives each request the id it brings, sends it back, and puts it on the request’s lines and its access line', async () => {
    const answer = await fetch(`${base}/orders?customerId=cus_1`, { headers: { 'X-Request-Id': 'req-1', authorization: 'Bearer secret' } });
    expect(answer.headers.get('x-request-id')).toBe('req-1');
    const lines = linesOf('req-1');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', service: 'orders-test', context: 'orders', message: 'listing orders', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
      expect.objectContaining({ level: 'info', message: 'request answered', method: 'GET', path: '/orders', status: 200, durationMs: expect.any(Number) }),
    ]);
  });

  it('takes the trace id of a traceparent, and makes an id for a request without one', async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect((await fetch(`${base}/orders`, { headers: { traceparent: `00-${trace}-00f067aa0ba902b7-01` } })).headers.get('x-request-id')).toBe(trace);
    expect(linesOf(trace)).toHaveLength(2);
    const made = (await fetch(`${base}/orders`)).headers.get('x-request-id') ?? '';
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesOf(made)).toHaveLength(2);
  });

  it('logs a probe’s access line at debug, a not-ready answer too, and another 5xx at error', async () => {
    await fetch(`${base}/health/ready`, { headers: { 'X-Request-Id': 'probe-1' } });
    expect(linesOf('probe-1')).toEqual([expect.objectContaining({ level: 'debug', path: '/health/ready', status: 200 })]);
    await fetch(`${base}/health/ready?starting`, { headers: { 'X-Request-Id': 'probe-2' } });
    expect(linesOf('probe-2')).toEqual([expect.objectContaining({ level: 'debug', message: 'request answered', path: '/health/ready', status: 503 })]);
    await fetch(`${base}/orders/broken`, { headers: { 'X-Request-Id': 'broken-1' } });
    expect(linesOf('broken-1')).toEqual([
      expect.objectContaining({ level: 'error', context: 'ExceptionsHandler' }),
      expect.objectContaining({ level: 'error', message: 'request answered', path: '/orders/broken', status: 500 }),
    ]);
  });

  it('never writes a payment token or a credential', async () => {
    await fetch(`${base}/orders`, { headers: { 'X-Request-Id': 'req-secret', authorization: 'Bearer secret-token' } });
    const written = JSON.stringify(output.lines);
    expect(written).toContain('"paymentToken":"[redacted]"');
    expect(written).not.toContain('tok_visa');
    expect(written).not.toContain('secret-token');
    const logger = createLogger('x', 'info', output);
    logger.info({ headers: { authorization: 'Bearer abc', cookie: 'session=abc' }, order: { paymentToken: 'tok_visa' }, internalToken: 'abc' }, 'leaky');
    expect(output.lines.at(-1)).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]' }, order: { paymentToken: '[redacted]' }, internalToken: '[redacted]' });
  });

  it('never writes a payment’s token either, as a payment command or event carries it (`token`), however nested', () => {
    const logger = createLogger('x', 'info', output);
    const data = { orderId: 'order-1', amountCents: 4421, currency: 'EUR', token: 'tok_mastercard' };
    logger.info({ token: 'tok_mastercard', command: { data }, batch: { event: { data } }, failed: { record: { event: { data } } } }, 'leaky');
    expect(JSON.stringify(output.lines.at(-1))).not.toContain('tok_mastercard');
    expect(output.lines.at(-1)).toMatchObject({ token: '[redacted]', command: { data: { token: '[redacted]', orderId: 'order-1' } }, batch: { event: { data: { token: '[redacted]' } } } });
  });
});
