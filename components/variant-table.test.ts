import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { StockState, VariantView } from '@/lib/catalog/types';
import { productJsonLd } from './product-json-ld';
import { VariantTable } from './variant-table';

function variant(sku: string, stock: number, stockState: StockState): VariantView {
  return {
    id: stock + 100,
    sku,
    title: sku,
    price: { amount: 1999, currency: 'USD' },
    compareAtPrice: null,
    stockState,
    image: null,
    optionValues: [],
  };
}

// As reshapeVariant gives them (stockStateOf): 12 is plenty, 3 is low, 0 is gone.
const variants = [
  variant('PLENTY', 12, { kind: 'in-stock' }),
  variant('LOW', 3, { kind: 'low', left: 3 }),
  variant('GONE', 0, { kind: 'sold-out' }),
];

const stockCell = (html: string, sku: string) =>
  new RegExp(`data-sku="${sku}".*?<td class="stock"[^>]*>(.*?)</td>`, 's').exec(html)?.[1];

describe('the variant table and the JSON-LD say what the picker says about stock', () => {
  it('words each row’s stock as the picker does', () => {
    const html = renderToStaticMarkup(createElement(VariantTable, { variants }));
    expect(stockCell(html, 'PLENTY')).toBe('In stock');
    expect(stockCell(html, 'LOW')).toBe('Only 3 left');
    expect(stockCell(html, 'GONE')).toBe('Sold out');
  });

  it('offers in the JSON-LD are out of stock exactly when the page says sold out', () => {
    const ld = productJsonLd({
      slug: 's',
      title: 'T',
      description: '',
      images: [],
      options: [],
      variants,
      categories: [],
    });
    expect(ld.offers.map((offer) => [offer.sku, offer.availability])).toEqual([
      ['PLENTY', 'https://schema.org/InStock'],
      ['LOW', 'https://schema.org/InStock'],
      ['GONE', 'https://schema.org/OutOfStock'],
    ]);
  });
});
