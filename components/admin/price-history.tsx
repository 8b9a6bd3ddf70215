import type { ProductForEdit } from '@/lib/catalog/product-for-edit';
import { formatDate, formatMoney } from './format';

function compareAt(amount: number | null, currency: string): string {
  return amount === null ? 'none' : formatMoney({ amount, currency });
}

export function PriceHistory({ changes }: { changes: ProductForEdit['priceChanges'] }) {
  if (changes.length === 0) return <p>No price changes recorded yet.</p>;
  return (
    <table className="price-history">
      <thead>
        <tr>
          <th>When</th>
          <th>Variant</th>
          <th>Price old → new</th>
          <th>Compare-at old → new</th>
          <th>Who</th>
          <th>Source</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.id}>
            <td>{formatDate(c.createdAt)}</td>
            <td>{c.sku}</td>
            <td>
              {formatMoney({ amount: c.oldPrice, currency: c.currency })} →{' '}
              {formatMoney({ amount: c.newPrice, currency: c.currency })}
            </td>
            <td className="compare-at-change">
              {c.oldCompareAtPrice === c.newCompareAtPrice
                ? compareAt(c.newCompareAtPrice, c.currency)
                : `${compareAt(c.oldCompareAtPrice, c.currency)} → ${compareAt(c.newCompareAtPrice, c.currency)}`}
            </td>
            <td>{c.actor}</td>
            <td>
              {c.source.toLowerCase()}
              {c.eventId && <small> ({c.eventId})</small>}
              {c.bulkJobId !== null && <small> (bulk job #{c.bulkJobId})</small>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
