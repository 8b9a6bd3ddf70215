/**
 * What the storefront says about a variant's stock. The one place that decides it: the product
 * page's props carry it (VariantView.stockState), and the picker, the variant table and the
 * JSON-LD offers show it, so a change that moves a variant from one state to another is what
 * shoppers see.
 */

/** At this many units or fewer, shoppers are told how many are left. */
export const LOW_STOCK_AT_MOST = 5;

export type StockState = { kind: 'in-stock' } | { kind: 'low'; left: number } | { kind: 'sold-out' };

export function stockStateOf(stock: number): StockState {
  if (stock <= 0) return { kind: 'sold-out' };
  if (stock <= LOW_STOCK_AT_MOST) return { kind: 'low', left: stock };
  return { kind: 'in-stock' };
}
