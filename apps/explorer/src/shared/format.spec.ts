import { formatInstant, formatMoney, formatSeconds } from './format';

describe('formatMoney', () => {
  it('shows minor units in their currency', () => {
    expect([formatMoney(2500, 'EUR'), formatMoney(1999, 'USD'), formatMoney(250, undefined), formatMoney(undefined, 'EUR')]).toEqual(['€25.00', '$19.99', '2.50', '']);
  });
});

describe('formatInstant', () => {
  it('shows an ISO instant as a UTC date and time', () => {
    expect(formatInstant('2026-11-27T10:00:01.204Z')).toBe('2026-11-27 10:00:01.204');
  });
});

describe('formatSeconds', () => {
  it('shows seconds, and minutes past a minute', () => {
    expect([formatSeconds(42.4), formatSeconds(65), formatSeconds(-1)]).toEqual(['42 s', '1 min 5 s', '0 s']);
  });
});
