import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, Headers, Inject, Module, Param, Post, Res, type INestApplication } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { CommandCodec, commandContract, EventCodec, eventContract, serviceTopicNames, type CommandOf, type EventEnvelope } from '@rewind/contracts';
import { accept, type Decider } from '@rewind/decider';
import type { CommandClient } from '@rewind/event-store';
import { testServers } from '@rewind/testing';
import type { Response } from 'express';
import { z } from 'zod';
import { answerCommand, answerCommandStatus, answerState, httpCommand, idempotencyKey, parseBody } from '../command-http';
import { CommandContext } from '../event-store.transport';
import { COMMAND_CLIENT, startService } from '../start-service';

// A service of the test's own, booted the way the apps boot (startService), over HTTP against a
// real broker: a counter whose command handler has a bug for one amount.
export const Added = eventContract('Added', z.object({ amount: z.number().int().positive() }));
export const Add = commandContract('Add', z.object({ amount: z.number().int().positive() }));
export type AddCommand = CommandOf<typeof Add>;
type CounterEvent = { type: 'Added'; data: { amount: number } };
interface CounterState {
  readonly total: number;
}
const counter: Omit<Decider<AddCommand, CounterEvent, CounterState>, 'decide'> = {
  initialState: { total: 0 },
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
};

@Controller()
export class CounterCommandHandler {
  @MessagePattern(serviceTopicNames('counters').commands)
  decide(@Payload() command: AddCommand, @Ctx() _context: CommandContext<CounterState>) {
    if (command.data.amount === 13) throw new Error('the handler has a bug for 13');
    return accept<CounterEvent>({ type: 'Added', data: { amount: command.data.amount } });
  }
}

@Controller('counters')
export class CounterHttpController {
  constructor(@Inject(COMMAND_CLIENT) private readonly commands: CommandClient<AddCommand>) {}

  @Post(':id/add')
  async add(@Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) response: Response) {
    const command = httpCommand<AddCommand>('Add', id, idempotencyKey(key) ?? `add-${Date.now()}-${Math.random()}`, parseBody(Add.schema, body));
    return { id, ...(await answerCommand(this.commands, command, response, { resource: `/counters/${id}` })) };
  }

  @Get(':id')
  async read(@Param('id') id: string, @Res({ passthrough: true }) response: Response) {
    return { id, ...(await answerState<CounterState>(this.commands, id, 'counter', response)) };
  }

  @Get(':id/commands/:commandId')
  status(@Param('id') id: string, @Param('commandId') commandId: string, @Res({ passthrough: true }) response: Response) {
    return answerCommandStatus(this.commands, id, commandId, response);
  }
}

@Module({ controllers: [CounterHttpController, CounterCommandHandler] })
export class CounterModule {}


/** A counter service booted the way the apps boot (startService), on a namespace of the test's own; `base` is where it listens. */
export async function startCounterService(namespace: string, settings: { internalToken?: string; commandTimeoutMs?: number } = {}): Promise<{ app: INestApplication; base: string }> {
  const app = await startService({
    name: 'counter-service',
    title: 'counters',
    module: CounterModule,
    port: 0,
    kafkaBrokers: testServers().kafkaBrokers.split(','),
    kafkaConnection: { KAFKA_TLS: false },
    logLevel: 'error',
    commandTimeoutMs: settings.commandTimeoutMs ?? 30_000,
    ...(settings.internalToken === undefined ? {} : { internalToken: settings.internalToken }),
    eventStore: {
      service: 'counters',
      decider: counter,
      events: new EventCodec<EventEnvelope>([Added]),
      commands: new CommandCodec<AddCommand>([Add]),
      namespace,
      sessionTimeoutMs: 6_000,
    },
  });
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}
