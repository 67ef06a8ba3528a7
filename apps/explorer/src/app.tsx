import { useState } from 'react';
import type { Role } from './api/query-api.types';
import { routeHref, type Route } from './routing/route';
import { useRoute } from './routing/use-route';
import { mayOpen, mayRebuild, mayRewind } from './shared/access';
import { useSession, type Identity } from './shared/session';
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
  const { token, identity, setToken } = useSession();
  const roles = identity.kind === 'known' ? identity.caller.roles : [];
  const shown = NAVIGATION.filter(({ route: target }) => mayOpen(target.page, roles));
  return (
    <>
      <header className="top">
        <a className="brand" href={routeHref(shown[0]?.route ?? route)}>
          Rewind <span>explorer</span>
        </a>
        <nav>
          {shown.map(({ label, route: target, pages }) => (
            <a key={label} href={routeHref(target)} className={pages.includes(route.page) ? 'current' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <TokenField identity={identity} setToken={setToken} />
      </header>
      {/* a new token starts every page over: what it shows was loaded with the token before */}
      <main key={token}>{content(route, identity)}</main>
    </>
  );
}

function content(route: Route, identity: Identity) {
  switch (identity.kind) {
    case 'none':
      return (
        <p className="notice">
          Every read of the query API takes a token: enter one above (<span className="mono">npm start</span> prints one per role;{' '}
          <span className="mono">npm run token</span> mints more).
        </p>
      );
    case 'checking':
      return <p className="meta">Checking the token…</p>;
    case 'refused':
      return <p className="error">{identity.reason}</p>;
    case 'known':
      if (!mayOpen(route.page, identity.caller.roles)) {
        return (
          <p className="notice">
            This page is not for {identity.caller.roles.join(', ') || 'a token without a role of Rewind'}: {pageFor(route.page)}.
          </p>
        );
      }
      return page(route, identity.caller.roles);
    default: {
      const unreachable: never = identity;
      return unreachable;
    }
  }
}

/** Who a page is for, in words (docs/security.md). */
function pageFor(page: Route['page']): string {
  switch (page) {
    case 'orders':
    case 'order':
      return 'orders are for their customers, operators and the warehouse';
    case 'projections':
      return 'projections are for operators and admins';
    case 'dead-letters':
    case 'repairs':
    case 'repair-plan':
      return 'dead letters and repairs are an admin’s';
    default: {
      const unreachable: never = page;
      return unreachable;
    }
  }
}

function page(route: Route, roles: readonly Role[]) {
  switch (route.page) {
    case 'orders':
      return <OrdersPage filters={route.filters} />;
    case 'order':
      return <OrderPage key={route.orderId} orderId={route.orderId} version={route.version} mayRewind={mayRewind(roles)} />;
    case 'projections':
      return <ProjectionsPage mayAct={mayRebuild(roles)} />;
    case 'dead-letters':
      return <DeadLettersPage consumer={route.consumer} />;
    case 'repairs':
      return <RepairsPage />;
    case 'repair-plan':
      return <RepairPlanPage key={route.planId} planId={route.planId} mayOpenOrders={mayOpen('order', roles)} />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

/** The caller's bearer token (kept in this tab's sessionStorage), and who the query API says it is. */
function TokenField({ identity, setToken }: { identity: Identity; setToken: (token: string) => void }) {
  const [draft, setDraft] = useState('');
  if (identity.kind !== 'none') {
    return (
      <div className="admin-token" data-testid="identity">
        {identity.kind === 'known' ? (
          <>
            <span className="mono">{identity.caller.subject}</span> ({identity.caller.roles.join(', ')})
          </>
        ) : identity.kind === 'checking' ? (
          'checking token…'
        ) : (
          'token refused'
        )}{' '}
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
      <input type="password" aria-label="token" placeholder="bearer token (npm start prints them)" value={draft} onChange={(event) => setDraft(event.target.value)} />
      <button type="submit">Use</button>
    </form>
  );
}
