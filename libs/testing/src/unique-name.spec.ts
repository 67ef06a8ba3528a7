import { uniqueName } from './unique-name';

describe('uniqueName', () => {
  it('keeps the prefix and never repeats', () => {
    const names = Array.from({ length: 1000 }, () => uniqueName('orders-it'));
    expect(names.every((name) => name.startsWith('orders-it-'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('is a legal Kafka topic name and MongoDB database name', () => {
    expect(uniqueName('suite')).toMatch(/^[a-zA-Z0-9._-]{1,63}$/);
  });
});
