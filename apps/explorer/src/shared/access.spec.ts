import { mayOpen, mayRebuild, mayRewind } from './access';

describe('which pages a role may open', () => {
  it('gives a customer the orders, and nothing of the admin', () => {
    expect([mayOpen('orders', ['customer']), mayOpen('order', ['customer'])]).toEqual([true, true]);
    expect(['projections', 'dead-letters', 'repairs', 'repair-plan'].map((page) => mayOpen(page as 'repairs', ['customer']))).toEqual([false, false, false, false]);
  });

  it('gives an operator the orders and the projections to look at, not to rebuild', () => {
    expect([mayOpen('orders', ['operator']), mayOpen('projections', ['operator']), mayOpen('dead-letters', ['operator'])]).toEqual([true, true, false]);
    expect(mayRebuild(['operator'])).toBe(false);
  });

  it('gives an admin the projections, the dead letters and the repairs, but no order', () => {
    expect(['projections', 'dead-letters', 'repairs', 'repair-plan', 'orders'].map((page) => mayOpen(page as 'repairs', ['admin']))).toEqual([true, true, true, true, false]);
    expect(mayRebuild(['admin'])).toBe(true);
  });

  it('lets the warehouse see orders, but not rewind them', () => {
    expect([mayOpen('order', ['warehouse']), mayRewind(['warehouse']), mayRewind(['customer']), mayRewind(['operator'])]).toEqual([true, false, true, true]);
  });

  it('gives a token with several roles what each of them may', () => {
    expect([mayOpen('repairs', ['operator', 'admin']), mayOpen('orders', ['operator', 'admin'])]).toEqual([true, true]);
  });

  it('gives no role nothing', () => {
    expect(mayOpen('orders', [])).toBe(false);
  });
});
