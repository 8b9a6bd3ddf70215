import { describe, expect, it } from 'vitest';
import { checkProductPage } from './check-product-page';
import { product, productHtml, usd } from './testing/html-fixtures';

const path = '/products/mug';
const mug = product('mug', [1999, 2499]);
const ok = (html: string) => ({ status: 200, html });

describe('checkProductPage', () => {
  it('passes a page whose rows and JSON-LD offers state the database prices', () => {
    const html = productHtml([
      { sku: 'MUG-1', price: usd(1999) },
      { sku: 'MUG-2', price: usd(2499), offerPrice: '24.99' },
    ]);
    expect(checkProductPage(path, mug, ok(html))).toEqual({ mismatches: [], pricesChecked: 4 });
  });

  it('checks the option picker’s chosen variant like its row, and flags one the product lacks', () => {
    const rows = [
      { sku: 'MUG-1', price: usd(1999) },
      { sku: 'MUG-2', price: usd(2499) },
    ];
    expect(checkProductPage(path, mug, ok(productHtml(rows, { sku: 'MUG-2', price: usd(2499) })))).toEqual({
      mismatches: [],
      pricesChecked: 5,
    });
    const stale = checkProductPage(path, mug, ok(productHtml(rows, { sku: 'MUG-2', price: usd(2299) })));
    expect(stale.mismatches).toEqual([
      { kind: 'variant-price', page: path, product: 'mug', sku: 'MUG-2', expected: '24.99 USD', shown: '22.99 USD' },
    ]);
    const unknown = checkProductPage(path, mug, ok(productHtml(rows, { sku: 'OLD-9', price: usd(100) })));
    expect(unknown.mismatches).toEqual([
      {
        kind: 'unexpected-variant',
        page: path,
        product: 'mug',
        sku: 'OLD-9',
        expected: 'no such variant',
        shown: 'the option picker',
      },
    ]);
  });

  it('flags a stale visible price', () => {
    const html = productHtml([
      { sku: 'MUG-1', price: usd(1799) },
      { sku: 'MUG-2', price: usd(2499) },
    ]);
    const { mismatches } = checkProductPage(path, mug, ok(html));
    expect(mismatches).toContainEqual({
      kind: 'variant-price',
      page: path,
      product: 'mug',
      sku: 'MUG-1',
      expected: '19.99 USD',
      shown: '17.99 USD',
    });
  });

  it('flags a JSON-LD offer that disagrees with the database while the visible price is right', () => {
    const html = productHtml([
      { sku: 'MUG-1', price: usd(1999) },
      { sku: 'MUG-2', price: usd(2499), offerPrice: '23.99' },
    ]);
    expect(checkProductPage(path, mug, ok(html)).mismatches).toEqual([
      { kind: 'json-ld-offer', page: path, product: 'mug', sku: 'MUG-2', expected: '24.99 USD', shown: '23.99 USD' },
    ]);
  });

  it('reads JSON-LD prices as amounts, not text ("19.9" is 19.90)', () => {
    const html = productHtml([
      { sku: 'MUG-1', price: usd(1990), offerPrice: '19.9' },
      { sku: 'MUG-2', price: usd(2499) },
    ]);
    expect(checkProductPage(path, product('mug', [1990, 2499]), ok(html)).mismatches).toEqual([]);
  });

  it('flags a stale compare-at price, a variant the page lacks and one it should not show', () => {
    const html = productHtml([
      { sku: 'MUG-1', price: usd(1999), compareAtPrice: usd(2999) },
      { sku: 'OLD-9', price: usd(100) },
    ]);
    const kinds = checkProductPage(path, mug, ok(html)).mismatches.map((m) => `${m.kind} ${m.sku}`);
    expect(kinds.sort()).toEqual([
      'json-ld-offer MUG-2',
      'missing-variant MUG-2',
      'unexpected-variant OLD-9',
      'unexpected-variant OLD-9',
      'variant-compare-at MUG-1',
    ]);
  });

  it('flags an archived product whose page still answers 200, and accepts its 404', () => {
    const archived = { ...mug, status: 'ARCHIVED' as const };
    const stale = productHtml([{ sku: 'MUG-1', price: usd(1999) }]);
    expect(checkProductPage(path, archived, ok(stale)).mismatches).toEqual([
      {
        kind: 'stale-page',
        page: path,
        product: 'mug',
        expected: '404 (ARCHIVED)',
        shown: '200 (the page is still served)',
      },
    ]);
    expect(checkProductPage(path, archived, { status: 404, html: '' }).mismatches).toEqual([]);
  });

  it('flags an active product whose page does not answer 200', () => {
    expect(checkProductPage(path, mug, { status: 404, html: '' }).mismatches).toEqual([
      { kind: 'page-error', page: path, product: 'mug', expected: '200', shown: '404' },
    ]);
  });
});
