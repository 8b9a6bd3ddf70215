import { describe, expect, it } from 'vitest';
import { productJsonLd } from './product-json-ld';

describe('productJsonLd', () => {
  it.each([
    [1999, 'USD', '19.99'],
    [1500, 'JPY', '1500'],
    [5120, 'KWD', '5.120'],
    [150050, 'HUF', '1500.50'], // ISO-exact, though <Money> displays forints without decimals
    [1500, 'ISK', '1500'],
  ])('offers %i %s minor units at "%s"', (amount, currency, decimal) => {
    const variant = {
      id: 1,
      sku: 'S',
      title: 'S',
      price: { amount, currency },
      compareAtPrice: null,
      stock: 1,
      stockState: { kind: 'low', left: 1 } as const,
      image: null,
      optionValues: [],
    };
    const ld = productJsonLd({
      slug: 's',
      title: 'T',
      description: '',
      images: [],
      options: [],
      variants: [variant],
      categories: [],
    });
    expect(ld.offers).toMatchObject([{ price: decimal, priceCurrency: currency }]);
  });
});
