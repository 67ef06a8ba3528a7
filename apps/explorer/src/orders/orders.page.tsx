import { useEffect, useState } from 'react';
import { queryApi } from '../api/query-api.client';
import { ORDER_STATUSES, type OrderStatus, type OrderView } from '../api/query-api.types';
import { routeHref } from '../routing/route';
import { navigate } from '../routing/use-route';
import { formatInstant, formatMoney } from '../shared/format';
import { StalenessNote } from '../shared/staleness.view';
import { StatusBadge } from '../shared/status-badge.view';
import { usePolling } from '../shared/use-polling';
import type { OrderFilters } from './order-filters';

/** The orders read model, filtered and paged, asked again every two seconds: statuses move as the saga runs. */
export function OrdersPage({ filters }: { filters: OrderFilters }) {
  const filterKey = JSON.stringify(filters);
  // the cursor of each page after the first, for going back
  const [cursors, setCursors] = useState<string[]>([]);
  useEffect(() => setCursors([]), [filterKey]);
  const cursor = cursors.at(-1);
  const page = usePolling(() => queryApi.orders(filters, cursor), 2000, `${filterKey}|${cursor ?? ''}`);
  const nextCursor = page.value?.body.nextCursor;

  return (
    <section>
      <h1>Orders</h1>
      <FilterForm key={filterKey} filters={filters} />
      <p className="meta">
        page {cursors.length + 1} <StalenessNote staleness={page.value?.staleness} />
      </p>
      {page.error !== undefined && <p className="error">{page.error}</p>}
      <OrderTable orders={page.value?.body.items} />
      <div className="pager">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          ◀ Previous page
        </button>
        <button type="button" disabled={nextCursor === undefined} onClick={() => nextCursor !== undefined && setCursors([...cursors, nextCursor])}>
          Next page ▶
        </button>
      </div>
    </section>
  );
}

function FilterForm({ filters }: { filters: OrderFilters }) {
  const [customerId, setCustomerId] = useState(filters.customerId);
  const [status, setStatus] = useState<OrderStatus | ''>(filters.status);
  return (
    <form
      className="filters"
      onSubmit={(event) => {
        event.preventDefault();
        navigate({ page: 'orders', filters: { customerId, status } });
      }}
    >
      <label>
        customer <input name="customerId" placeholder="cus_1" value={customerId} onChange={(event) => setCustomerId(event.target.value)} />
      </label>
      <label>
        status{' '}
        <select name="status" value={status} onChange={(event) => setStatus(event.target.value as OrderStatus | '')}>
          <option value="">any</option>
          {ORDER_STATUSES.map((each) => (
            <option key={each} value={each}>
              {each}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

function OrderTable({ orders }: { orders: readonly OrderView[] | undefined }) {
  if (orders === undefined) return <p className="meta">loading…</p>;
  if (orders.length === 0) return <p className="meta">No orders match.</p>;
  return (
    <table className="orders">
      <thead>
        <tr>
          <th>order</th>
          <th>status</th>
          <th>customer</th>
          <th className="number">total</th>
          <th>payment</th>
          <th>shipment</th>
          <th className="number">version</th>
          <th>updated (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr key={order.orderId} data-order-id={order.orderId}>
            <td>
              <a className="mono" href={routeHref({ page: 'order', orderId: order.orderId })}>
                {order.orderId}
              </a>
            </td>
            <td data-testid="order-status">
              <StatusBadge status={order.status} />
            </td>
            <td>{order.customerId}</td>
            <td className="number">{formatMoney(order.totalCents, order.currency)}</td>
            <td>{order.payment === undefined ? '–' : <StatusBadge status={order.payment.status} />}</td>
            <td>
              {order.shipment === undefined ? '–' : <StatusBadge status={order.shipment.status} />}
              {order.shipment?.recalled === true && <span className="meta"> recalled</span>}
            </td>
            <td className="number">{order.version}</td>
            <td className="mono">{formatInstant(order.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
