import type { BulkPriceRow, BulkPriceTotals } from '@/lib/catalog/bulk-price-rules';
import { SHOP_CURRENCY } from '@/lib/money/shop-currency';
import { formatMoney } from './format';

function flagsOf(row: BulkPriceRow): string[] {
  const flags: string[] = [];
  if (row.refused === 'above-max') flags.push('refused: above the highest price the shop accepts');
  if (row.refused === 'other-currency') flags.push(`refused: priced in ${row.currency}, not ${SHOP_CURRENCY}`);
  if (row.refused === 'below-zero') flags.push('refused: the price would go below 0');
  if (row.compareAtDropped && row.compareAtPrice !== null) {
    flags.push(`compare-at ${formatMoney({ amount: row.compareAtPrice, currency: row.currency })} removed`);
  }
  if (!row.changed && !row.refused) flags.push('unchanged');
  return flags;
}

/** Every variant the change reaches, old and new price (exact minor units in data attributes). */
export function BulkPreviewTable({ rows }: { rows: BulkPriceRow[] }) {
  return (
    <table className="bulk-preview">
      <thead>
        <tr>
          <th>Product</th>
          <th>SKU</th>
          <th>Old → new price</th>
          <th>Notes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.variantId} data-variant-id={row.variantId} data-changed={row.changed}>
            <td>
              <a href={`/admin/products/${row.productId}`}>{row.productTitle}</a>
            </td>
            <td>{row.sku}</td>
            <td data-old-price-minor={row.oldPrice} data-new-price-minor={row.newPrice}>
              {formatMoney({ amount: row.oldPrice, currency: row.currency })} →{' '}
              {formatMoney({ amount: row.newPrice, currency: row.currency })}
            </td>
            <td>{flagsOf(row).join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BulkPreviewSummary({ totals }: { totals: BulkPriceTotals }) {
  return (
    <p className="bulk-summary">
      {totals.changed} of {totals.variants} prices in {totals.products} products will change
      {totals.compareAtDropped > 0 && `; ${totals.compareAtDropped} compare-at prices removed (new price reached them)`}
      {totals.refused > 0 && `; ${totals.refused} refused: fix the change before applying`}.
    </p>
  );
}

/** Previous / next page of the preview's rows (the totals above cover every page). */
export function BulkPreviewPager({
  page,
  pageCount,
  onPage,
  busy,
}: {
  page: number;
  pageCount: number;
  onPage: (page: number) => void;
  busy: boolean;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="bulk-preview-pager" aria-label="Preview pages">
      <button type="button" disabled={busy || page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>{' '}
      Page {page} of {pageCount}{' '}
      <button type="button" disabled={busy || page >= pageCount} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
