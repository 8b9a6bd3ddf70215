import type { StockState } from '@/lib/catalog/types';

/** What shoppers read about a variant's stock, wherever the page says it (picker and variant table). */
export function stockText(state: StockState): string {
  switch (state.kind) {
    case 'in-stock':
      return 'In stock';
    case 'low':
      return `Only ${state.left} left`;
    case 'sold-out':
      return 'Sold out';
  }
}
