import { HttpProblem } from '@rewind/service-kit';
import { encodeCursor } from '../read-models/cursor';
import { parseOrderListQuery, parseRewindPoint } from './orders.query';

const fieldsAtFault = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (error instanceof HttpProblem && error.problem.status === 400) return error.problem.errors?.map((problem) => problem.field);
    throw error;
  }
  throw new Error('accepted');
};

describe('the order list query', () => {
  it('takes the filters, the limit and the cursor', () => {
    expect(parseOrderListQuery({})).toEqual({ where: {}, limit: 20 });
    expect(parseOrderListQuery({ customerId: 'cus_1', status: 'confirmed', limit: '100', cursor: encodeCursor('order-9') })).toEqual({
      where: { customerId: 'cus_1', status: 'confirmed' },
      limit: 100,
      after: 'order-9',
    });
  });

  it.each([
    [{ status: 'paid' }, ['status']],
    [{ status: ['placed', 'confirmed'] }, ['status']],
    [{ limit: '0' }, ['limit']],
    [{ limit: '101' }, ['limit']],
    [{ limit: '2.5' }, ['limit']],
    [{ limit: '' }, ['limit']],
    [{ cursor: 'not a cursor' }, ['cursor']],
    [{ customerId: '' }, ['customerId']],
    [{ customer: 'cus_1' }, ['customer']],
    [{ status: 'paid', limit: 'all', cursor: '!' }, ['status', 'limit', 'cursor']],
  ])('refuses %j, naming %j', (query, fields) => {
    expect(fieldsAtFault(() => parseOrderListQuery(query))).toEqual(fields);
  });
});

describe('the rewind point', () => {
  it('is a version or an instant', () => {
    expect(parseRewindPoint({ version: '3' })).toEqual({ version: 3 });
    expect(parseRewindPoint({ at: '2026-11-27T10:05:00Z' })).toEqual({ at: new Date('2026-11-27T10:05:00.000Z') });
    expect(parseRewindPoint({ at: '2026-11-27T11:05:00.250+01:00' })).toEqual({ at: new Date('2026-11-27T10:05:00.250Z') });
    expect(parseRewindPoint({ at: '2026-11-27T10:05Z' })).toEqual({ at: new Date('2026-11-27T10:05:00.000Z') });
  });

  it.each([
    [{}, ['version', 'at']],
    [{ version: '1', at: '2026-11-27T10:05:00Z' }, ['version', 'at']],
    [{ version: '0' }, ['version']],
    [{ version: '-1' }, ['version']],
    [{ version: '1.5' }, ['version']],
    [{ version: 'latest' }, ['version']],
    [{ at: 'yesterday' }, ['at']],
    [{ at: '2026-11-27' }, ['at']],
    [{ at: '2026-11-27T10:05:00' }, ['at']],
    [{ at: '2026-02-30T10:05:00Z' }, ['at']],
    [{ version: '2', limit: '1' }, ['limit']],
  ])('refuses %j, naming %j', (query, fields) => {
    expect(fieldsAtFault(() => parseRewindPoint(query))).toEqual(fields);
  });
});
