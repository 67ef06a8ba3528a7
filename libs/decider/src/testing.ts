import { expect } from '@jest/globals';
import { fold, type Decider, type DomainCommand, type DomainEvent } from './decider';

/**
 * Specifications that read like the rule they check:
 *
 *   given(orders, [placed]).when(cancel).then([cancelled]);
 *   given(orders, [placed, shipped]).when(cancel).thenRefused('order_already_shipped');
 */
export function given<C extends DomainCommand, E extends DomainEvent, S>(decider: Decider<C, E, S>, history: readonly E[]) {
  return {
    when(command: C) {
      const decision = decider.decide(command, fold(decider, history));
      return {
        then(expected: readonly E[]): void {
          expect(decision).toEqual({ kind: 'accepted', events: expected });
        },
        thenRefused(code: string): void {
          expect(decision).toEqual({ kind: 'refused', code, message: expect.any(String) });
        },
      };
    },
  };
}
