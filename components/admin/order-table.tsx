import Link from 'next/link';
import type { AdminOrderRow } from '@/lib/admin/orders';
import { formatDate } from './format';
import { formatOrderMoney, OrderFlagBadge, OrderStatusText } from './order-labels';

export function OrderTable({ rows, caption }: { rows: AdminOrderRow[]; caption: string }) {
  if (rows.length === 0) return <p className="queue-empty">No orders match.</p>;
  return (
    <table className="order-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Date</th>
          <th scope="col">Email</th>
          <th scope="col">Status</th>
          <th scope="col">Total</th>
          <th scope="col">Items</th>
          <th scope="col">Flags</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-order-id={row.id} data-flagged={row.flags.length > 0}>
            <th scope="row">
              <Link href={`/admin/orders/${row.id}`}>#{row.id}</Link>
            </th>
            <td>{formatDate(row.createdAt)}</td>
            <td>{row.email ?? '—'}</td>
            <td>
              <OrderStatusText status={row.status} />
            </td>
            <td className="amount">{formatOrderMoney(row.total)}</td>
            <td className="amount">{row.itemCount}</td>
            <td>
              <OrderFlagBadge flags={row.flags} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
