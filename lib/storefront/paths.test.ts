import { describe, expect, it } from 'vitest';
import {
  categoryPath,
  describePurgePath,
  feedPieceNumber,
  feedPieceOf,
  feedPiecePath,
  isDocumentPath,
  isOutboxPath,
  isPurgeablePath,
  isStorefrontPath,
  laterPageNumber,
  servedPathOf,
  sitemapPieceOf,
  sitemapPiecePath,
} from './paths';

describe('storefront paths', () => {
  it('page 1 of a category is its canonical URL', () => {
    expect(categoryPath('bags')).toBe('/categories/bags');
    expect(categoryPath('bags', 1)).toBe('/categories/bags');
    expect(categoryPath('bags', 3)).toBe('/categories/bags/page/3');
  });

  it.each([
    ['2', 2],
    ['9', 9],
    ['10', 10],
    ['120', 120],
    ['9999', 9999],
  ])('reads page segment %j as page %i', (segment, page) => expect(laterPageNumber(segment)).toBe(page));

  it.each(['', '1', '0', '02', '10000', '-2', '2.0', '2 ', ' 2', '1e3', 'two'])(
    'has no later page for segment %j',
    (segment) => expect(laterPageNumber(segment)).toBeNull(),
  );

  it.each(['/', '/products/wool-coat', '/categories/bags', '/categories/bags/page/2', '/categories/bags/page/120'])(
    'accepts %s',
    (path) => expect(isStorefrontPath(path)).toBe(true),
  );

  it.each([
    '',
    'products/x',
    '/products/',
    '/products/Wool',
    '/products/a/b',
    '/categories/bags/page/1',
    '/categories/bags/page/0',
    '/categories/bags/page/02',
    '/api/revalidate',
    '/admin',
    '/products/x?y=1',
    '//evil.example',
    '/products/../admin',
  ])('rejects %j', (path) => expect(isStorefrontPath(path)).toBe(false));

  it('names the feed piece of a product id, reads it back, and serves it as the feed', () => {
    expect([0, 49, 50, 100_000].map((id) => feedPiecePath(feedPieceOf(id)))).toEqual([
      '/feeds/google.xml/pieces-50/0',
      '/feeds/google.xml/pieces-50/0',
      '/feeds/google.xml/pieces-50/1',
      '/feeds/google.xml/pieces-50/2000',
    ]);
    expect(
      [
        '/feeds/google.xml/pieces-50/7',
        '/feeds/google.xml/pieces-50/07',
        '/feeds/google.xml/pieces-50/x',
        '/feeds/google.xml',
      ].map(feedPieceNumber),
    ).toEqual([7, null, null, null]);
    expect(['/feeds/google.xml/pieces-50/7', '/products/a', '/sitemap.xml'].map(servedPathOf)).toEqual([
      '/feeds/google.xml',
      '/products/a',
      '/sitemap.xml',
    ]);
    expect(
      ['/feeds/google.xml/pieces-50/7', '/sitemap.xml', '/feeds/google.xml', '/products/a'].map(isDocumentPath),
    ).toEqual([true, true, true, false]);
    expect(isPurgeablePath('/feeds/google.xml/pieces-50/7')).toBe(false); // an operator purges the whole feed
    expect(isOutboxPath('/feeds/google.xml/pieces-50/7')).toBe(true);
    expect(describePurgePath('/feeds/google.xml/pieces-50/2')).toBe('/feeds/google.xml (products 100–149)');
  });

  it('names the sitemap pieces, reads them back, and serves them as the sitemap', () => {
    const pieces = [
      { kind: 'home' },
      { kind: 'category', categoryId: 12 },
      { kind: 'products', piece: 0 },
      { kind: 'products', piece: 400 },
    ] as const;
    const paths = pieces.map(sitemapPiecePath);
    expect(paths).toEqual([
      '/sitemap.xml/pieces-250/home',
      '/sitemap.xml/pieces-250/categories/12',
      '/sitemap.xml/pieces-250/products/0',
      '/sitemap.xml/pieces-250/products/400',
    ]);
    expect(paths.map(sitemapPieceOf)).toEqual(pieces);
    expect(
      [
        '/sitemap.xml/pieces-250/categories/0',
        '/sitemap.xml/pieces-250/categories/012',
        '/sitemap.xml/pieces-250/products/01',
        '/sitemap.xml/pieces-250/homes',
        '/sitemap.xml/pieces-250/',
        '/sitemap.xml',
      ].map(sitemapPieceOf),
    ).toEqual([null, null, null, null, null, null]);
    expect(paths.map(servedPathOf)).toEqual(paths.map(() => '/sitemap.xml'));
    expect(paths.map(isDocumentPath)).toEqual(paths.map(() => true));
    expect(paths.map(isOutboxPath)).toEqual(paths.map(() => true));
    expect(isPurgeablePath(paths[0]!)).toBe(false); // an operator purges the whole sitemap
    expect(paths.map(describePurgePath)).toEqual([
      '/sitemap.xml (home)',
      '/sitemap.xml (listing pages of category 12)',
      '/sitemap.xml (products 0–249)',
      '/sitemap.xml (products 100000–100249)',
    ]);
  });
});
