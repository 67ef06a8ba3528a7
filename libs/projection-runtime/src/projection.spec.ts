import type { EventEnvelope } from '@rewind/contracts';
import { foldInto, type StoredDocument } from './projection';
import { counted, countingProjection, type Totals } from './testing/counting-projection';

describe('folding a batch into documents', () => {
  const definition = countingProjection({ left: 'l', right: 'r' });
  const left = (event: EventEnvelope) => ({ event, stream: 'left' });
  const stored = (id: string, left: number, version: number): StoredDocument<Totals> => ({ _id: id, model: { left, right: 0 }, applied: { left: version } });

  /** Folds with a give-up that records what it was handed, holding the keys it rejected. */
  function fold(documents: Map<string, StoredDocument<Totals>>, events: { event: EventEnvelope; stream: string }[]) {
    const rejected: string[] = [];
    const held = new Set<string>();
    const changed = foldInto(definition, documents, events, {
      isHeld: ({ event }) => held.has(event.aggregateId),
      reject: ({ event }, reason) => {
        held.add(event.aggregateId);
        rejected.push(`${event.aggregateId} v${event.aggregateVersion}: ${reason}`);
      },
    });
    return { changed, rejected };
  }

  it('applies each version once, skipping what a document already applied', () => {
    const documents = new Map([['a', stored('a', 5, 2)]]);
    const { changed, rejected } = fold(documents, [left(counted('a', 2, 100)), left(counted('a', 3, 1)), left(counted('b', 1, 7))]);
    expect({ changed: [...changed], rejected, a: documents.get('a'), b: documents.get('b')?.model }).toEqual({
      changed: ['a', 'b'],
      rejected: [],
      a: { _id: 'a', model: { left: 6, right: 0 }, applied: { left: 3 } },
      b: { left: 7, right: 0 },
    });
  });

  it('gives up on an event after a gap in its versions, and holds the later events of that aggregate', () => {
    const documents = new Map([['a', stored('a', 5, 2)]]);
    const { changed, rejected } = fold(documents, [left(counted('a', 4, 1)), left(counted('a', 5, 1)), left(counted('b', 1, 7))]);
    expect(rejected).toEqual(['a v4: version gap: left a is at version 2 in a, the event is version 4', 'a v5: held']);
    expect({ changed: [...changed], a: documents.get('a')?.model }).toEqual({ changed: ['b'], a: { left: 5, right: 0 } });
  });

  it('gives up on an event whose fold throws, naming the error', () => {
    const throwing = { ...definition, evolve: () => { throw new Error('no such order line'); } };
    const rejected: string[] = [];
    foldInto(throwing, new Map(), [left(counted('a', 1, 1))], { isHeld: () => false, reject: (_item, reason) => rejected.push(reason) });
    expect(rejected).toEqual(['fold failed: no such order line']);
  });

  it('without a give-up, an event it cannot fold is an error', () => {
    expect(() => foldInto(definition, new Map(), [left(counted('a', 2, 1))])).toThrow(/cannot fold event .* \(Counted\): version gap: left a is at version 0 in a, the event is version 2/);
  });
});
