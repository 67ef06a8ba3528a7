import { CommandCodec, commandContract, EventCodec, eventContract, type CommandOf, type EventEnvelope, type EventOf } from '@rewind/contracts';
import { accept, refuse, type Decider } from '@rewind/decider';
import { z } from 'zod';
import type { EventStoreSpec } from '../decide-batch';

/**
 * A deliberately small aggregate for the event store's own tests: a tally that takes amounts of
 * at most 100. The machinery is the same for every service; this keeps its tests free of any
 * particular domain.
 */
export const Tallied = eventContract('Tallied', z.object({ amount: z.number().int().positive() }));
export const Tally = commandContract('Tally', z.object({ amount: z.number().int().positive() }));

export type TallyEvent = Pick<EventOf<typeof Tallied>, 'type' | 'data'>;
export type TallyCommand = CommandOf<typeof Tally>;
export interface TallyState {
  readonly total: number;
  readonly count: number;
}

export const tallyDecider: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: { total: 0, count: 0 },
  evolve: (state, event) => ({ total: state.total + event.data.amount, count: state.count + 1 }),
  decide: (command) =>
    command.data.amount > 100
      ? refuse('limit_exceeded', `a tally takes at most 100, not ${command.data.amount}`)
      : accept({ type: 'Tallied', data: { amount: command.data.amount } }),
};

export const tallySpec: EventStoreSpec<TallyCommand, TallyEvent, TallyState> = {
  decider: tallyDecider,
  events: new EventCodec<EventEnvelope>([Tallied]),
  commands: new CommandCodec<TallyCommand>([Tally]),
};

let sequence = 0;

/** A Tally command with fresh ids unless given. */
export function tallyCommand(aggregateId: string, amount: number, extra: Partial<TallyCommand> = {}): TallyCommand {
  const commandId = extra.commandId ?? `cmd-${process.pid}-${Date.now().toString(36)}-${(sequence += 1)}`;
  return {
    commandId,
    type: 'Tally',
    aggregateId,
    issuedAt: new Date().toISOString(),
    correlationId: commandId,
    causationId: commandId,
    data: { amount },
    ...extra,
  };
}
