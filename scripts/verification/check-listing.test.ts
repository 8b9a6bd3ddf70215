import { describe, expect, it } from 'vitest';
import { checkCards, checkCoverage, expectedCard, type Listing } from './check-listing';
import { product, usd } from './testing/html-fixtures';
import type { ExpectedProduct } from './types';

const mugs: Listing = { firstPage: '/categories/mugs', includes: (p) => p.categorySlugs.includes('mugs') };
const byslug = (...products: ExpectedProduct[]) => new Map(products.map((p) => [p.slug, p]));

describe('expectedCard', () => {
  it('is the lowest variant price with its compare-at price', () => {
    const mug = product('mug', [2499, 1999, 2999]);
    mug.variants[1] = { ...mug.variants[1]!, compareAtPrice: usd(2200) };
    expect(expectedCard(mug)).toEqual({ price: usd(1999), compareAtPrice: usd(2200) });
  });
});

describe('checkCards', () => {
  it('flags a card showing a price other than the lowest variant price', () => {
    const cards = [
      { slug: 'mug', price: usd(2499), compareAtPrice: null },
      { slug: 'pot', price: usd(500), compareAtPrice: null },
    ];
    const result = checkCards(
      '/categories/mugs',
      cards,
      mugs,
      byslug(product('mug', [2499, 1999]), product('pot', [500])),
    );
    expect(result).toEqual({
      pricesChecked: 2,
      mismatches: [
        { kind: 'card-price', page: '/categories/mugs', product: 'mug', expected: '19.99 USD', shown: '24.99 USD' },
      ],
    });
  });

  it('flags a card in the wrong currency', () => {
    const cards = [{ slug: 'mug', price: { amount: 1999, currency: 'EUR' }, compareAtPrice: null }];
    expect(checkCards('/', cards, mugs, byslug(product('mug', [1999]))).mismatches).toEqual([
      { kind: 'card-price', page: '/', product: 'mug', expected: '19.99 USD', shown: '19.99 EUR' },
    ]);
  });

  it('flags cards of archived, unknown and other categories’ products', () => {
    const cards = ['old', 'ghost', 'pan'].map((slug) => ({ slug, price: usd(1), compareAtPrice: null }));
    const products = byslug(
      product('old', [1], { status: 'ARCHIVED' }),
      product('pan', [1], { categorySlugs: ['pans'] }),
    );
    expect(checkCards('/categories/mugs', cards, mugs, products).mismatches.map((m) => m.expected)).toEqual([
      'no card (ARCHIVED)',
      'no card (unknown product)',
      'no card (not in this listing)',
    ]);
  });
});

describe('checkCoverage', () => {
  const products = [
    product('mug', [1]),
    product('cup', [1]),
    product('draft', [1], { status: 'DRAFT' }),
    product('pan', [1], { categorySlugs: ['pans'] }),
  ];

  it('flags an ACTIVE product that no page of its listing shows', () => {
    const seen = new Map([['mug', ['/categories/mugs']]]);
    expect(checkCoverage(mugs, seen, products)).toEqual([
      {
        kind: 'missing-from-listing',
        page: '/categories/mugs',
        product: 'cup',
        expected: 'a card',
        shown: 'none on any page',
      },
    ]);
  });

  it('flags a product shown on two pages (a page kept an older order)', () => {
    const seen = new Map([
      ['mug', ['/categories/mugs']],
      ['cup', ['/categories/mugs', '/categories/mugs/page/2']],
    ]);
    expect(checkCoverage(mugs, seen, products)).toEqual([
      {
        kind: 'duplicate-on-listing',
        page: '/categories/mugs',
        product: 'cup',
        expected: 'one card',
        shown: 'cards on /categories/mugs, /categories/mugs/page/2',
      },
    ]);
  });

  it('flags a product shown once but on another page than the database places it (listing membership)', () => {
    const placed: Listing = {
      ...mugs,
      pageOf: (p) => ({ mug: '/categories/mugs', cup: '/categories/mugs/page/2' })[p.slug],
    };
    const seen = new Map([
      ['mug', ['/categories/mugs']],
      ['cup', ['/categories/mugs']],
    ]);
    expect(checkCoverage(placed, seen, products)).toEqual([
      {
        kind: 'wrong-listing-page',
        page: '/categories/mugs',
        product: 'cup',
        expected: 'a card on /categories/mugs/page/2',
        shown: 'its card on /categories/mugs',
      },
    ]);
  });
});
