import { decodeCursor, encodeCursor } from './cursor';

describe('page cursors', () => {
  it('give back the id they were made from, whatever its characters', () => {
    for (const id of ['order-1', '7f3c2a4e-93b1-4d7e-8a55-0c1d2e3f4a5b', 'straße/ü?&=+', '~~~']) {
      const cursor = encodeCursor(id);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toBe(id);
    }
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'b3JkZXI=!'],
    ['padded', 'b3JkZXItMQ=='],
    ['non-canonical in its trailing bits', 'b3JkZXItMR'],
    ['not UTF-8 inside', Buffer.from([0xff, 0xfe]).toString('base64url')],
  ])('are refused when %s', (_, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
