import { queryApi } from '../api/query-api.client';
import type { OrderView, TimelineEntry } from '../api/query-api.types';
import { actorText, addressText, formatInstant, formatMoney, settlementText, shipmentDetails } from '../shared/format';
import { StalenessNote } from '../shared/staleness.view';
import { StatusBadge } from '../shared/status-badge.view';
import { usePolling } from '../shared/use-polling';
import { RewindPanel } from './rewind.view';
import { TimelineView } from './timeline.view';

/** One order: its joined view, live; its timeline across the three services; and its rewind. */
export function OrderPage({ orderId, version, mayRewind }: { orderId: string; version: number | undefined; mayRewind: boolean }) {
  const order = usePolling(() => queryApi.order(orderId), 1500, orderId);
  const timeline = usePolling(() => (mayRewind ? queryApi.timeline(orderId) : Promise.resolve(undefined)), 1500, orderId);
  const entries = timeline.value?.body.entries ?? [];
  const lastVersion = lastOrderVersion(entries);

  return (
    <section>
      <h1>
        Order <span className="mono">{orderId}</span>
      </h1>
      {order.error !== undefined && <p className="error">{order.error}</p>}
      {order.value !== undefined && <OrderSummary order={order.value.body} />}
      <p className="meta">
        <StalenessNote staleness={order.value?.staleness} />
      </p>

      {mayRewind ? (
        <>
          <h2>Timeline</h2>
          {timeline.error !== undefined && <p className="error">{timeline.error}</p>}
      <p className="meta">
        Every event of every service about this order, in time order. An arrow runs from an event to the one it caused; colours group the
        events one request set going (their correlation). <StalenessNote staleness={timeline.value?.staleness} />
      </p>
      <TimelineView entries={entries} />

      <h2>Rewind</h2>
      {lastVersion === 0 ? <p className="meta">The order’s own events have not reached the timeline yet.</p> : <RewindPanel orderId={orderId} lastVersion={lastVersion} version={Math.min(version ?? lastVersion, lastVersion)} />}
        </>
      ) : (
        <p className="notice">The timeline and the rewind hold every event’s data: they are for the order’s customer and operators.</p>
      )}
    </section>
  );
}

/** The order aggregate's latest version on its timeline: what the rewind can go up to. */
const lastOrderVersion = (entries: readonly TimelineEntry[]): number => Math.max(0, ...entries.filter((entry) => entry.stream === 'orders').map((entry) => entry.version));

function OrderSummary({ order }: { order: OrderView }) {
  return (
    <dl className="summary">
      <dt>status</dt>
      <dd data-testid="order-status">
        <StatusBadge status={order.status} />
        {order.cancellationReason !== undefined && <span className="meta"> {order.cancellationReason}</span>}
      </dd>
      <dt>version</dt>
      <dd>{order.version}</dd>
      <dt>customer</dt>
      <dd>{order.customerId}</dd>
      <dt>total</dt>
      <dd>{formatMoney(order.totalCents, order.currency)}</dd>
      <dt>lines</dt>
      <dd>{order.lines.map((line) => `${line.quantity} × ${line.sku} at ${formatMoney(line.unitPriceCents, order.currency)}`).join(', ')}</dd>
      {/* the address it ships to now: a corrected one replaces it here, the timeline keeps both */}
      {order.shippingAddress !== undefined && (
        <>
          <dt>ships to</dt>
          <dd data-testid="shipping-address">{addressText(order.shippingAddress)}</dd>
        </>
      )}
      <dt>payment</dt>
      <dd data-testid="payment-status">
        {order.payment === undefined ? (
          '–'
        ) : (
          <>
            <StatusBadge status={order.payment.status} />
            {(order.payment.declineReason ?? order.payment.refundReason) !== undefined && (
              <span className="meta"> {order.payment.declineReason ?? order.payment.refundReason}</span>
            )}
          </>
        )}
      </dd>
      <dt>shipment</dt>
      <dd data-testid="shipment-status">
        {order.shipment === undefined ? (
          '–'
        ) : (
          <>
            <StatusBadge status={order.shipment.status} />
            <span className="meta"> {shipmentDetails(order.shipment)}</span>
          </>
        )}
      </dd>
      {order.repricing !== undefined && (
        <>
          <dt>repricing</dt>
          <dd data-testid="repricing">
            number {order.repricing.number} <StatusBadge status={order.repricing.status} />
            {order.payment?.lastSettlement !== undefined && <span className="meta"> {settlementText(order.payment.lastSettlement, order.currency)}</span>}
          </dd>
        </>
      )}
      {order.corrections !== undefined && (
        <>
          <dt>corrections</dt>
          <dd data-testid="corrections">
            {order.corrections.map((correction) => (
              <div key={correction.eventId}>
                {correction.type}{' '}
                <span className="meta">
                  version {correction.version} · {formatInstant(correction.occurredAt)} UTC · by {actorText(correction.actor)} · “{correction.reason}”
                </span>
              </div>
            ))}
          </dd>
        </>
      )}
      <dt>placed / updated (UTC)</dt>
      <dd className="mono">
        {formatInstant(order.placedAt)} / {formatInstant(order.updatedAt)}
      </dd>
    </dl>
  );
}
