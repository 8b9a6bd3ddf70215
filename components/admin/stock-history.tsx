import type { ProductForEdit } from '@/lib/catalog/product-for-edit';
import { formatDate } from './format';

/** The latest stock changes of a product's variants: admin edits, vendors' inventory, sales. */
export function StockHistory({ changes }: { changes: ProductForEdit['stockChanges'] }) {
  if (changes.length === 0) return <p>No stock changes recorded yet.</p>;
  return (
    <table className="price-history stock-history">
      <caption className="visually-hidden">Latest {changes.length} stock changes, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Variant</th>
          <th scope="col">Stock old → new</th>
          <th scope="col">Who</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.id}>
            <td>{formatDate(c.createdAt)}</td>
            <td>{c.sku}</td>
            <td className="amount">
              {c.oldStock} → {c.newStock}
            </td>
            <td>{c.actor}</td>
            <td>
              {c.source.toLowerCase()}
              {c.eventId && <small> ({c.eventId})</small>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
