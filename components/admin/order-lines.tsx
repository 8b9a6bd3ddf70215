import Link from 'next/link';
import type { AdminOrderDetail, AdminOrderLine } from '@/lib/admin/orders';
import { formatOrderMoney } from './order-labels';

function OrderLineRow({ line }: { line: AdminOrderLine }) {
  return (
    <tr
      data-sku={line.sku}
      data-price-differs={line.priceDiffers}
      className={line.priceDiffers ? 'price-differs' : undefined}
    >
      <td>
        <code>{line.sku}</code>
      </td>
      <td>
        {line.productId === null ? line.title : <Link href={`/admin/products/${line.productId}`}>{line.title}</Link>}
      </td>
      <td className="amount">{line.quantity}</td>
      <td className="amount">{formatOrderMoney(line.unitAmount)}</td>
      <td className="amount">
        {formatOrderMoney(line.databasePrice)}
        {line.priceDiffers && <strong className="differs"> differs from the amount charged</strong>}
      </td>
      <td className="amount">{formatOrderMoney(line.lineTotal)}</td>
    </tr>
  );
}

/** The lines as charged, each beside the database's price when the order was recorded, and Stripe's totals. */
export function OrderLines({ order }: { order: AdminOrderDetail }) {
  return (
    <table className="order-lines">
      <caption>Lines of order #{order.id}</caption>
      <thead>
        <tr>
          <th scope="col">SKU</th>
          <th scope="col">Product</th>
          <th scope="col">Quantity</th>
          <th scope="col">Unit amount charged</th>
          <th scope="col">Database price when recorded</th>
          <th scope="col">Line total</th>
        </tr>
      </thead>
      <tbody>
        {order.lines.length === 0 ? (
          <tr>
            <td colSpan={6}>
              {order.flags.includes('UNKNOWN_CHECKOUT')
                ? 'No lines recorded: no checkout of this shop made this Stripe session, so what was bought is unknown.'
                : 'No lines recorded.'}
            </td>
          </tr>
        ) : (
          order.lines.map((line) => <OrderLineRow key={line.id} line={line} />)
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={5}>
            Subtotal charged by Stripe
          </th>
          <td className="amount">{formatOrderMoney(order.subtotal)}</td>
        </tr>
        <tr>
          <th scope="row" colSpan={5}>
            Total charged by Stripe
          </th>
          <td className="amount">
            <strong>{formatOrderMoney(order.total)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
