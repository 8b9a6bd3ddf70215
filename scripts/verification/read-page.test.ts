import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Pagination } from '@/components/pagination';
import { ProductGrid } from '@/components/product-card';
import { ProductJsonLd } from '@/components/product-json-ld';
import { VariantPicker } from '@/components/variant-picker';
import { VariantTable } from '@/components/variant-table';
import type { ProductCard, VariantView } from '../../lib/catalog/types';
import { readCards, readListingPage, readProductPage } from './read-page';
import { cardHtml, listingHtml, productHtml, usd } from './testing/html-fixtures';

describe('readCards', () => {
  it('reads each card’s price and compare-at price from the data attributes', () => {
    const html = listingHtml([cardHtml('mug', usd(1999), usd(2499)), cardHtml('pot', usd(500))]);
    expect(readCards(html)).toEqual([
      { slug: 'mug', price: usd(1999), compareAtPrice: usd(2499) },
      { slug: 'pot', price: usd(500), compareAtPrice: null },
    ]);
  });

  it('gives no price when the attributes are missing or malformed', () => {
    const html =
      '<li data-product-slug="mug"><span class="price" data-price-minor="19.99" data-currency="USD">$19.99</span></li>';
    expect(readCards(html)).toEqual([{ slug: 'mug', price: null, compareAtPrice: null }]);
  });
});

describe('readListingPage', () => {
  it('finds the rel="next" link, and none on the last page', () => {
    expect(readListingPage(listingHtml([], '/categories/mugs/page/2')).nextPath).toBe('/categories/mugs/page/2');
    expect(readListingPage(listingHtml([])).nextPath).toBeUndefined();
  });
});

describe('readProductPage', () => {
  it('reads the variant rows and the JSON-LD offers', () => {
    const html = productHtml([
      { sku: 'MUG-1', price: usd(1999), compareAtPrice: usd(2500) },
      { sku: 'MUG-2', price: usd(2100), offerPrice: '20.00' },
    ]);
    expect(readProductPage(html)).toEqual({
      variants: [
        { sku: 'MUG-1', price: usd(1999), compareAtPrice: usd(2500) },
        { sku: 'MUG-2', price: usd(2100), compareAtPrice: null },
      ],
      chosen: null,
      offers: [
        { sku: 'MUG-1', price: '19.99', currency: 'USD' },
        { sku: 'MUG-2', price: '20.00', currency: 'USD' },
      ],
    });
  });

  it('reports no offers when the JSON-LD is missing or unreadable', () => {
    expect(readProductPage('<script type="application/ld+json">{not json</script>').offers).toBeNull();
    expect(readProductPage('<p>no structured data</p>').offers).toBeNull();
  });
});

// The contract with the storefront: if a component stops writing what the reader looks for,
// these fail, rather than the check silently comparing nothing.
describe('the real components', () => {
  const variants: VariantView[] = [
    {
      id: 1,
      sku: 'MUG-1',
      title: 'Small',
      price: usd(1999),
      compareAtPrice: usd(2500),
      stockState: { kind: 'low', left: 3 },
      image: null,
      optionValues: ['Small'],
    },
    {
      id: 2,
      sku: 'MUG-2',
      title: 'Large',
      price: usd(2499),
      compareAtPrice: null,
      stockState: { kind: 'sold-out' },
      image: null,
      optionValues: ['Large'],
    },
  ];

  it('product cards carry the slug, the price and the compare-at price', () => {
    const card: ProductCard = {
      slug: 'mug',
      title: 'Mug',
      image: null,
      price: usd(1999),
      priceRangeDiffers: true,
      compareAtPrice: usd(2500),
      inStock: true,
    };
    const html = renderToStaticMarkup(createElement(ProductGrid, { products: [card] }));
    expect(readCards(html)).toEqual([{ slug: 'mug', price: usd(1999), compareAtPrice: usd(2500) }]);
  });

  it('the variant table and JSON-LD carry every variant’s price, the picker its chosen one', () => {
    const options = [{ name: 'Size', values: ['Small', 'Large'] }];
    const product = { slug: 'mug', title: 'Mug', description: '', images: [], options, variants, categories: [] };
    const html = renderToStaticMarkup(
      createElement(
        'div',
        null,
        createElement(ProductJsonLd, { product }),
        createElement(VariantPicker, { options, variants }),
        createElement(VariantTable, { variants }),
      ),
    );
    expect(readProductPage(html)).toEqual({
      variants: [
        { sku: 'MUG-1', price: usd(1999), compareAtPrice: usd(2500) },
        { sku: 'MUG-2', price: usd(2499), compareAtPrice: null },
      ],
      chosen: { sku: 'MUG-1', price: usd(1999), compareAtPrice: usd(2500) },
      offers: [
        { sku: 'MUG-1', price: '19.99', currency: 'USD' },
        { sku: 'MUG-2', price: '24.99', currency: 'USD' },
      ],
    });
  });

  it('pagination links the next page', () => {
    const html = renderToStaticMarkup(
      createElement(Pagination, { categorySlug: 'mugs', page: 1, hasPreviousPage: false, hasNextPage: true }),
    );
    expect(readListingPage(html).nextPath).toBe('/categories/mugs/page/2');
  });
});
