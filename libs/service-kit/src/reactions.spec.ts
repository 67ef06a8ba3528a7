import { correlationOf } from './reactions';

describe('the line about a dead-lettered event', () => {
  it('names its event and correlation ids when the record has them, and nothing it cannot read', () => {
    const value = (text: string) => ({ value: Buffer.from(text) });
    expect(correlationOf(value(JSON.stringify({ eventId: 'e-1', correlationId: 'walk-1', data: {} })))).toEqual({ eventId: 'e-1', correlationId: 'walk-1' });
    expect(correlationOf(value(JSON.stringify({ eventId: 7 })))).toEqual({});
    expect(correlationOf(value('not json'))).toEqual({});
    expect(correlationOf({ value: null })).toEqual({});
  });
});
