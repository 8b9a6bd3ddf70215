import { describe, expect, it } from 'vitest';
import { categoryPath, isStorefrontPath, pageCount, pageOfIndex } from './paths';

describe('storefront paths', () => {
  it('page 1 of a category is its canonical URL', () => {
    expect(categoryPath('bags')).toBe('/categories/bags');
    expect(categoryPath('bags', 1)).toBe('/categories/bags');
    expect(categoryPath('bags', 3)).toBe('/categories/bags/page/3');
  });

  it('maps indexes to pages and sizes to page counts', () => {
    expect(pageOfIndex(0, 24)).toBe(1);
    expect(pageOfIndex(23, 24)).toBe(1);
    expect(pageOfIndex(24, 24)).toBe(2);
    expect(pageCount(0, 24)).toBe(1);
    expect(pageCount(24, 24)).toBe(1);
    expect(pageCount(25, 24)).toBe(2);
  });

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
});
