import { useState } from 'react';
import { routeHref, type Route } from './routing/route';
import { useRoute } from './routing/use-route';
import { useAdminToken } from './shared/admin-token';
import { OrdersPage } from './orders/orders.page';
import { OrderPage } from './order/order.page';
import { ProjectionsPage } from './projections/projections.page';
import { DeadLettersPage } from './dead-letters/dead-letters.page';
import { RepairsPage } from './repairs/repairs.page';
import { RepairPlanPage } from './repairs/repair-plan.page';

const NAVIGATION: readonly { label: string; route: Route; pages: readonly Route['page'][] }[] = [
  { label: 'Orders', route: { page: 'orders', filters: { customerId: '', status: '' } }, pages: ['orders', 'order'] },
  { label: 'Projections', route: { page: 'projections' }, pages: ['projections'] },
  { label: 'Dead letters', route: { page: 'dead-letters', consumer: '' }, pages: ['dead-letters'] },
  { label: 'Repairs', route: { page: 'repairs' }, pages: ['repairs', 'repair-plan'] },
];

export function App() {
  const route = useRoute();
  const { token, setToken } = useAdminToken();
  return (
    <>
      <header className="top">
        <a className="brand" href={routeHref(NAVIGATION[0]?.route ?? route)}>
          Rewind <span>explorer</span>
        </a>
        <nav>
          {NAVIGATION.map(({ label, route: target, pages }) => (
            <a key={label} href={routeHref(target)} className={pages.includes(route.page) ? 'current' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <AdminTokenField token={token} setToken={setToken} />
      </header>
      <main>{page(route, token)}</main>
    </>
  );
}

function page(route: Route, token: string) {
  switch (route.page) {
    case 'orders':
      return <OrdersPage filters={route.filters} />;
    case 'order':
      return <OrderPage key={route.orderId} orderId={route.orderId} version={route.version} />;
    case 'projections':
      return <ProjectionsPage token={token} />;
    case 'dead-letters':
      return <DeadLettersPage consumer={route.consumer} token={token} />;
    case 'repairs':
      return <RepairsPage token={token} />;
    case 'repair-plan':
      return <RepairPlanPage key={route.planId} planId={route.planId} token={token} />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

/** The query API's ADMIN_TOKEN, for rebuild, verify, the dead letters and repairs; `npm start` prints it. */
function AdminTokenField({ token, setToken }: { token: string; setToken: (token: string) => void }) {
  const [draft, setDraft] = useState('');
  if (token !== '') {
    return (
      <div className="admin-token">
        admin token set{' '}
        <button type="button" className="link" onClick={() => setToken('')}>
          forget
        </button>
      </div>
    );
  }
  return (
    <form
      className="admin-token"
      onSubmit={(event) => {
        event.preventDefault();
        setToken(draft);
        setDraft('');
      }}
    >
      <input type="password" aria-label="admin token" placeholder="admin token (npm start prints it)" value={draft} onChange={(event) => setDraft(event.target.value)} />
      <button type="submit">Use</button>
    </form>
  );
}
