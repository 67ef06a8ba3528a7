import { filtersFrom, NO_FILTERS, ordersQuery } from './order-filters';

describe('ordersQuery', () => {
  it('asks for a page of 20 when nothing is filtered', () => {
    expect(ordersQuery(NO_FILTERS)).toBe('limit=20');
  });

  it('sends the filters that are set, trimmed, and the cursor of the page before', () => {
    expect(ordersQuery({ customerId: ' cus_1 ', status: 'delivered' }, 'MGI2ZQ')).toBe('customerId=cus_1&status=delivered&limit=20&cursor=MGI2ZQ');
  });
});

describe('filtersFrom', () => {
  it('reads the filters of a route', () => {
    expect(filtersFrom(new URLSearchParams('customerId=cus_1&status=placed'))).toEqual({ customerId: 'cus_1', status: 'placed' });
  });

  it('takes an unknown status for no filter', () => {
    expect(filtersFrom(new URLSearchParams('status=paid'))).toEqual(NO_FILTERS);
  });
});
