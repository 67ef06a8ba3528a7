import { accept, fold, refuse, type Decider, type DomainCommand, type DomainEvent } from './decider';
import { given } from './testing';

// A small decider to show the model and its test helpers: a tally that may not go below zero.
type Added = DomainEvent<'Added', { amount: number }>;
type Removed = DomainEvent<'Removed', { amount: number }>;
type TallyEvent = Added | Removed;
type TallyCommand = DomainCommand<'Add' | 'Remove', { amount: number }>;

const tally: Decider<TallyCommand, TallyEvent, { total: number }> = {
  initialState: { total: 0 },
  evolve: (state, event) => {
    switch (event.type) {
      case 'Added':
        return { total: state.total + event.data.amount };
      case 'Removed':
        return { total: state.total - event.data.amount };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
  decide: (command, state) =>
    command.type === 'Add'
      ? accept({ type: 'Added', data: command.data })
      : command.data.amount > state.total
        ? refuse('insufficient', `only ${state.total} left`)
        : accept({ type: 'Removed', data: command.data }),
};

const command = (type: TallyCommand['type'], amount: number): TallyCommand => ({
  type,
  aggregateId: 'tally-1',
  commandId: `${type}-${amount}`,
  issuedAt: '2026-01-01T00:00:00Z',
  data: { amount },
});

describe('the decider model', () => {
  it('folds history into state', () => {
    expect(fold(tally, [{ type: 'Added', data: { amount: 5 } }, { type: 'Removed', data: { amount: 2 } }])).toEqual({ total: 3 });
  });

  it('decides on the folded state', () => {
    given(tally, [{ type: 'Added', data: { amount: 5 } }])
      .when(command('Remove', 5))
      .then([{ type: 'Removed', data: { amount: 5 } }]);
  });

  it('refuses with a code', () => {
    given(tally, [{ type: 'Added', data: { amount: 1 } }])
      .when(command('Remove', 2))
      .thenRefused('insufficient');
  });

  it('fails a specification whose events differ', () => {
    expect(() => given(tally, []).when(command('Add', 1)).then([{ type: 'Added', data: { amount: 2 } }])).toThrow();
    expect(() => given(tally, []).when(command('Remove', 1)).thenRefused('something_else')).toThrow();
  });
});
