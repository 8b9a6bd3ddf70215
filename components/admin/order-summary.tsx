import type { AdminOrderDetail } from '@/lib/admin/orders';
import { formatDate } from './format';
import { OrderFlagBadge, OrderStatusText } from './order-labels';

/** What the flags found, in the words apply-checkout-event wrote, before anything else on the page. */
export function OrderFlagsAlert({ order }: { order: Pick<AdminOrderDetail, 'flags' | 'flagDetail'> }) {
  if (order.flags.length === 0) return null;
  const notes = order.flagDetail.split('\n').filter((note) => note.trim() !== '');
  return (
    <section className="order-flags-alert" role="alert" aria-labelledby="order-flags-heading">
      <h2 id="order-flags-heading">Check this order before shipping it</h2>
      <p>
        <OrderFlagBadge flags={order.flags} />
      </p>
      {notes.length > 0 && (
        <ul>
          {notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function OrderSummary({ order }: { order: AdminOrderDetail }) {
  return (
    <dl className="order-summary">
      <dt>Status</dt>
      <dd>
        <OrderStatusText status={order.status} />
      </dd>
      <dt>Placed</dt>
      <dd>{formatDate(order.createdAt)}</dd>
      <dt>Last updated</dt>
      <dd>{formatDate(order.updatedAt)}</dd>
      <dt>Email</dt>
      <dd>{order.email ?? 'not given'}</dd>
      <dt>Stripe Checkout Session</dt>
      <dd>
        <code>{order.stripeSessionId}</code>
      </dd>
      <dt>Stripe payment intent</dt>
      <dd>{order.stripePaymentIntentId ? <code>{order.stripePaymentIntentId}</code> : 'none'}</dd>
    </dl>
  );
}
