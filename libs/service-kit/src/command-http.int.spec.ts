import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, Headers, Inject, Module, Param, Post, Res, type INestApplication } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { CommandCodec, commandContract, EventCodec, eventContract, serviceTopicNames, serviceTopics, type CommandOf, type EventEnvelope } from '@rewind/contracts';
import { accept, type Decider } from '@rewind/decider';
import type { CommandClient } from '@rewind/event-store';
import { auditEventLog, createTestTopics, readTopicToEnd, testKafka, testServers, uniqueName } from '@rewind/testing';
import type { Response } from 'express';
import { z } from 'zod';
import { answerCommand, answerCommandStatus, httpCommand, idempotencyKey, parseBody } from './command-http';
import { CommandContext } from './event-store.transport';
import { COMMAND_CLIENT, startService } from './start-service';

// A service of the test's own, booted the way the apps boot (startService), over HTTP against a
// real broker: a counter whose command handler has a bug for one amount.
const Added = eventContract('Added', z.object({ amount: z.number().int().positive() }));
const Add = commandContract('Add', z.object({ amount: z.number().int().positive() }));
type AddCommand = CommandOf<typeof Add>;
type CounterEvent = { type: 'Added'; data: { amount: number } };
interface CounterState {
  readonly total: number;
}
const counter: Omit<Decider<AddCommand, CounterEvent, CounterState>, 'decide'> = {
  initialState: { total: 0 },
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
};

@Controller()
class CounterCommandHandler {
  @MessagePattern(serviceTopicNames('counters').commands)
  decide(@Payload() command: AddCommand, @Ctx() _context: CommandContext<CounterState>) {
    if (command.data.amount === 13) throw new Error('the handler has a bug for 13');
    return accept<CounterEvent>({ type: 'Added', data: { amount: command.data.amount } });
  }
}

@Controller('counters')
class CounterHttpController {
  constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<AddCommand>) {}

  @Post(':id/add')
  async add(@Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) response: Response) {
    const command = httpCommand<AddCommand>('Add', id, idempotencyKey(key) ?? `add-${Date.now()}-${Math.random()}`, parseBody(Add.schema, body));
    return { id, ...(await answerCommand(this.commands, command, response, { resource: `/counters/${id}` })) };
  }

  @Get(':id/commands/:commandId')
  status(@Param('id') id: string, @Param('commandId') commandId: string, @Res({ passthrough: true }) response: Response) {
    return answerCommandStatus(this.commands, id, commandId, response);
  }
}

@Module({ controllers: [CounterHttpController, CounterCommandHandler] })
class CounterModule {}

describe('commands over HTTP, through a service booted by startService', () => {
  const namespace = `${uniqueName('http')}.`;
  const kafka = testKafka(uniqueName('http'));
  let app: INestApplication;
  let base = '';

  beforeAll(async () => {
    await createTestTopics(serviceTopics(`${namespace}counters`, 3));
    app = await startService({
      name: 'counter-service',
      title: 'counters',
      module: CounterModule,
      port: 0,
      kafkaBrokers: testServers().kafkaBrokers.split(','),
      kafkaConnection: { KAFKA_TLS: false },
      logLevel: 'error',
      commandTimeoutMs: 30_000,
      eventStore: {
        service: 'counters',
        decider: counter,
        events: new EventCodec<EventEnvelope>([Added]),
        commands: new CommandCodec<AddCommand>([Add]),
        namespace,
        sessionTimeoutMs: 6_000,
      },
    });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app?.close());

  const post = async (path: string, body: unknown, key?: string) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) }, body: JSON.stringify(body) });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };
  const eventsOf = async (id: string) => {
    const log = auditEventLog(await readTopicToEnd(kafka, `${namespace}counters.events`));
    expect(log.problems).toEqual([]);
    return log.events.filter((event) => event.aggregateId === id);
  };

  it('answers a key sent again with the same request as before, and with another request 422 idempotency_key_reused, appending nothing', async () => {
    const id = uniqueName('counter');
    const key = uniqueName('key');
    expect(await post(`/counters/${id}/add`, { amount: 5 }, key)).toMatchObject({ status: 200, body: { id, version: 1 } });
    expect(await post(`/counters/${id}/add`, { amount: 5 }, key)).toMatchObject({ status: 200, body: { id, version: 1 } });

    const reused = await post(`/counters/${id}/add`, { amount: 6 }, key);
    expect(reused).toMatchObject({
      status: 422,
      type: expect.stringContaining('application/problem+json'),
      body: {
        type: 'https://rewind.dev/problems/idempotency-key-reused',
        status: 422,
        code: 'idempotency_key_reused',
        errors: [{ field: 'Idempotency-Key', message: expect.stringContaining('another request') }],
      },
    });
    // the key keeps its first answer, and the log holds the first request's event only
    expect(await post(`/counters/${id}/add`, { amount: 5 }, key)).toMatchObject({ status: 200, body: { version: 1 } });
    expect((await eventsOf(id)).map((event) => event.data)).toEqual([{ amount: 5 }]);
  });

  it('answers a command whose handler throws with a 500 problem naming it, decides the next one, and gives the same answer again', async () => {
    const id = uniqueName('counter');
    const key = uniqueName('buggy');
    const failed = await post(`/counters/${id}/add`, { amount: 13 }, key);
    expect(failed).toMatchObject({
      status: 500,
      type: expect.stringContaining('application/problem+json'),
      body: { type: 'https://rewind.dev/problems/command-failed', status: 500, commandId: key, detail: expect.stringContaining(key) },
    });
    // the partition goes on: the next command of the same aggregate is decided
    expect(await post(`/counters/${id}/add`, { amount: 2 })).toMatchObject({ status: 200, body: { version: 1 } });
    // the failure is the command's answer: sent again, or looked up, it is the same
    expect(await post(`/counters/${id}/add`, { amount: 13 }, key)).toMatchObject({ status: 500, body: { commandId: key } });
    const status = await fetch(`${base}/counters/${id}/commands/${key}`);
    expect({ status: status.status, body: await status.json() }).toMatchObject({ status: 500, body: { commandId: key } });
    expect((await eventsOf(id)).map((event) => event.data)).toEqual([{ amount: 2 }]);
  });

  it('is ready once every partition it owns is loaded', async () => {
    const ready = await fetch(`${base}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { kafka: true, commandProcessor: true, partitionsLoaded: true }, partitions: [0, 1, 2], loading: [] },
    });
  });
});
