import { describe, expect, it } from 'vitest';
import type { ProductPageData, VariantView } from '@/lib/catalog/types';
import { productJsonLd } from './product-json-ld';

function variant(overrides: Partial<VariantView> = {}): VariantView {
  return {
    id: 1,
    sku: 'S',
    title: 'S',
    price: { amount: 1999, currency: 'USD' },
    compareAtPrice: null,
    stockState: { kind: 'low', left: 1 },
    image: null,
    optionValues: [],
    ...overrides,
  };
}

function product(variants: VariantView[]): ProductPageData {
  return {
    slug: 'wool-coat',
    title: 'T',
    description: '',
    images: [{ url: '/images/coat.jpg', alt: 'Coat', width: 800, height: 800 }],
    options: [],
    variants,
    categories: [],
  };
}

describe('productJsonLd', () => {
  it.each([
    [1999, 'USD', '19.99'],
    [1500, 'JPY', '1500'],
    [5120, 'KWD', '5.120'],
    [150050, 'HUF', '1500.50'], // ISO-exact, though <Money> displays forints without decimals
    [1500, 'ISK', '1500'],
  ])('offers %i %s minor units at "%s"', (amount, currency, decimal) => {
    const ld = productJsonLd(product([variant({ price: { amount, currency } })]));
    expect(ld.offers).toMatchObject([{ price: decimal, priceCurrency: currency }]);
  });

  it('offers every variant with the stock state the page shows', () => {
    const ld = productJsonLd(
      product([variant({ id: 1, sku: 'A' }), variant({ id: 2, sku: 'B', stockState: { kind: 'sold-out' } })]),
    );
    expect(ld.offers.map((offer) => [offer.sku, offer.availability])).toEqual([
      ['A', 'https://schema.org/InStock'],
      ['B', 'https://schema.org/OutOfStock'],
    ]);
  });

  it('names no priceValidUntil, even for a compare-at price: the catalog records no date a price ends', () => {
    const ld = productJsonLd(
      product([variant({ compareAtPrice: { amount: 2999, currency: 'USD' } })]),
      'https://shop.example.com',
    );
    for (const offer of ld.offers) expect(offer).not.toHaveProperty('priceValidUntil');
  });

  it('with the shop’s origin, gives absolute URLs and links each offer of several to its variant', () => {
    const ld = productJsonLd(product([variant({ id: 7 }), variant({ id: 8 })]), 'https://shop.example.com');
    expect(ld.url).toBe('https://shop.example.com/products/wool-coat');
    expect(ld.image).toEqual(['https://shop.example.com/images/coat.jpg']);
    expect(ld.offers.map((offer) => offer.url)).toEqual([
      'https://shop.example.com/products/wool-coat?variant=7',
      'https://shop.example.com/products/wool-coat?variant=8',
    ]);
    expect(productJsonLd(product([variant()]), 'https://shop.example.com').offers[0]?.url).toBe(
      'https://shop.example.com/products/wool-coat',
    );
  });

  it('without the origin keeps the pictures’ own paths and names no URL', () => {
    const ld = productJsonLd(product([variant()]));
    expect(ld.image).toEqual(['/images/coat.jpg']);
    expect(ld).not.toHaveProperty('url');
    expect(ld.offers[0]).not.toHaveProperty('url');
  });
});
