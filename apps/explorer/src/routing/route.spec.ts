import { parseRoute, routeHref, type Route } from './route';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['', { page: 'orders', filters: { customerId: '', status: '' } }],
    ['#/orders?customerId=cus_1&status=delivered', { page: 'orders', filters: { customerId: 'cus_1', status: 'delivered' } }],
    ['#/orders/7c0e-1', { page: 'order', orderId: '7c0e-1' }],
    ['#/orders/7c0e-1?version=2', { page: 'order', orderId: '7c0e-1', version: 2 }],
    ['#/orders/7c0e-1?version=0', { page: 'order', orderId: '7c0e-1' }],
    ['#/projections', { page: 'projections' }],
    ['#/dead-letters?consumer=projection.orders.g1', { page: 'dead-letters', consumer: 'projection.orders.g1' }],
    ['#/repairs', { page: 'repairs' }],
    ['#/repairs/6f1c2d3e-4a5b', { page: 'repair-plan', planId: '6f1c2d3e-4a5b' }],
    ['#/nowhere', { page: 'orders', filters: { customerId: '', status: '' } }],
  ])('reads %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });
});

describe('routeHref', () => {
  it.each<Route>([
    { page: 'orders', filters: { customerId: '', status: '' } },
    { page: 'orders', filters: { customerId: 'cus 1', status: 'placed' } },
    { page: 'order', orderId: 'a/b', version: 3 },
    { page: 'order', orderId: '7c0e' },
    { page: 'projections' },
    { page: 'dead-letters', consumer: '' },
    { page: 'repairs' },
    { page: 'repair-plan', planId: 'a/b' },
  ])('is read back as the same route: %j', (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
