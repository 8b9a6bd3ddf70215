import { describe, expect, it } from 'vitest';
import { cardHtml, feedXml, listingHtml, product, productHtml, snapshotOf, usd } from './testing/html-fixtures';
import type { FetchedPage } from './types';
import { verifyShop } from './verify-shop';

/** A fake shop: the given pages answer 200, anything else 404. */
function shop(pages: Record<string, string>) {
  const requested: string[] = [];
  const fetchPage = (path: string): Promise<FetchedPage> => {
    requested.push(path);
    const html = pages[path];
    return Promise.resolve(html === undefined ? { status: 404, html: 'Not found' } : { status: 200, html });
  };
  return { fetchPage, requested };
}

const mug = product('mug', [1999]);
const cup = product('cup', [900]);
const old = product('old', [500], { status: 'ARCHIVED' });

const consistentPages = {
  '/categories/mugs': listingHtml([cardHtml('mug', usd(1999))], '/categories/mugs/page/2'),
  '/categories/mugs/page/2': listingHtml([cardHtml('cup', usd(900))]),
  '/products/mug': productHtml([{ sku: 'MUG-1', price: usd(1999) }]),
  '/products/cup': productHtml([{ sku: 'CUP-1', price: usd(900) }]),
  '/feeds/google.xml': feedXml([
    { sku: 'MUG-1', price: '19.99 USD' },
    { sku: 'CUP-1', price: '9.00 USD' },
  ]),
};

const verify = (pages: Record<string, string>) =>
  verifyShop({ baseUrl: 'http://shop.test', snapshot: snapshotOf([mug, cup, old]), fetchPage: shop(pages).fetchPage });

describe('verifyShop', () => {
  it('passes a shop whose every page matches, following the listing’s next links', async () => {
    const fake = shop(consistentPages);
    const report = await verifyShop({
      baseUrl: 'http://shop.test',
      snapshot: snapshotOf([mug, cup, old]),
      fetchPage: fake.fetchPage,
    });
    expect(report.mismatches).toEqual([]);
    expect(report.pagesChecked).toBe(6);
    expect(report.pricesChecked).toBe(8);
    expect(fake.requested.sort()).toEqual([...Object.keys(consistentPages), '/products/old'].sort());
  });

  it('finds a product missing from its listing when page 2 is stale', async () => {
    const report = await verify({ ...consistentPages, '/categories/mugs/page/2': listingHtml([]) });
    expect(report.mismatches).toEqual([
      {
        kind: 'missing-from-listing',
        page: '/categories/mugs',
        product: 'cup',
        expected: 'a card',
        shown: 'none on any page',
      },
    ]);
  });

  it('finds a stale 200 for an archived product and its card still on the listing', async () => {
    const report = await verify({
      ...consistentPages,
      '/categories/mugs/page/2': listingHtml([cardHtml('cup', usd(900)), cardHtml('old', usd(500))]),
      '/products/old': productHtml([{ sku: 'OLD-1', price: usd(500) }]),
    });
    expect(report.mismatches.map((m) => `${m.kind} ${m.page}`).sort()).toEqual([
      'stale-page /products/old',
      'unexpected-on-listing /categories/mugs/page/2',
    ]);
  });

  it('with productPages, fetches only those product pages but still checks every card of the listings', async () => {
    const fake = shop({ ...consistentPages, '/categories/mugs/page/2': listingHtml([cardHtml('cup', usd(950))]) });
    const report = await verifyShop({
      baseUrl: 'http://shop.test',
      snapshot: { ...snapshotOf([mug, cup, old]), productPages: ['mug'] },
      fetchPage: fake.fetchPage,
    });
    expect(fake.requested.sort()).toEqual([
      '/categories/mugs',
      '/categories/mugs/page/2',
      '/feeds/google.xml',
      '/products/mug',
    ]);
    expect(report.mismatches.map((m) => `${m.kind} ${m.page} ${m.product}`)).toEqual([
      'card-price /categories/mugs/page/2 cup',
    ]);
  });

  it('reports a listing page that errors, and a fetch that fails, as page errors', async () => {
    const report = await verifyShop({
      baseUrl: 'http://shop.test',
      snapshot: snapshotOf([mug]),
      fetchPage: (path) =>
        path === '/products/mug'
          ? Promise.reject(new Error('fetch failed'))
          : Promise.resolve({ status: 500, html: '' }),
    });
    expect(report.mismatches).toEqual([
      { kind: 'page-error', page: '/categories/mugs', expected: '200', shown: '500' },
      { kind: 'page-error', page: '/products/mug', expected: 'an answer', shown: 'fetch failed' },
      { kind: 'page-error', page: '/feeds/google.xml', expected: '200', shown: '500' },
    ]);
  });

  it('finds a stale price in the feed, a variant missing from it, and an archived product still in it', async () => {
    const sale = product('sale', [800], {});
    sale.variants[0]!.compareAtPrice = usd(1000);
    const report = await verifyShop({
      baseUrl: 'http://shop.test',
      snapshot: snapshotOf([mug, cup, old, sale]),
      fetchPage: shop({
        ...consistentPages,
        '/feeds/google.xml': feedXml([
          { sku: 'MUG-1', price: '18.99 USD' },
          { sku: 'OLD-1', price: '5.00 USD' },
          { sku: 'SALE-1', price: '10.00 USD', sale: '8.00 USD' },
        ]),
      }).fetchPage,
    });
    expect(report.mismatches.filter((m) => m.page === '/feeds/google.xml')).toEqual([
      {
        kind: 'feed-price',
        page: '/feeds/google.xml',
        product: 'mug',
        sku: 'MUG-1',
        expected: '19.99 USD',
        shown: '18.99 USD',
      },
      {
        kind: 'missing-from-feed',
        page: '/feeds/google.xml',
        product: 'cup',
        sku: 'CUP-1',
        expected: 'an item',
        shown: 'none',
      },
      {
        kind: 'unexpected-in-feed',
        page: '/feeds/google.xml',
        product: 'old',
        sku: 'OLD-1',
        expected: 'no item',
        shown: 'an item',
      },
    ]);
  });

  it('finds a sold-out variant said to be in stock, an item linked elsewhere, and leaves out a variant without a picture', async () => {
    const soldOut = product('gone', [500]);
    soldOut.variants[0]!.inStock = false;
    const bare = product('bare', [700]);
    bare.variants[0]!.pictured = false;
    const report = await verifyShop({
      baseUrl: 'http://shop.test',
      snapshot: snapshotOf([mug, soldOut, bare]),
      fetchPage: shop({
        ...consistentPages,
        '/feeds/google.xml': feedXml([
          { sku: 'MUG-1', price: '19.99 USD', link: 'http://shop.test/products/cup' },
          { sku: 'GONE-1', price: '5.00 USD' },
        ]),
      }).fetchPage,
    });
    expect(report.mismatches.filter((m) => m.page === '/feeds/google.xml')).toEqual([
      {
        kind: 'feed-link',
        page: '/feeds/google.xml',
        product: 'mug',
        sku: 'MUG-1',
        expected: '/products/mug',
        shown: 'http://shop.test/products/cup',
      },
      {
        kind: 'feed-availability',
        page: '/feeds/google.xml',
        product: 'gone',
        sku: 'GONE-1',
        expected: 'out_of_stock',
        shown: 'in_stock',
      },
    ]);
  });
});
