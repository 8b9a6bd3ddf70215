import { describe, expect, it } from 'vitest';
import { breadcrumbListJsonLd, listingTrail, productTrails } from './breadcrumb-trail';

const ORIGIN = 'https://shop.example.com';
const coats = { slug: 'coats', name: 'Coats' };
const outerwear = { slug: 'outerwear', name: 'Outerwear' };

describe('productTrails', () => {
  it('is Home › category › product, once per category in the catalog’s order', () => {
    const trails = productTrails({ slug: 'wool-coat', title: 'Wool coat', categories: [coats, outerwear] });
    expect(trails.map((trail) => trail.map((crumb) => crumb.path))).toEqual([
      ['/', '/categories/coats', '/products/wool-coat'],
      ['/', '/categories/outerwear', '/products/wool-coat'],
    ]);
  });

  it('is Home › product for a product in no category', () => {
    expect(productTrails({ slug: 'gift-card', title: 'Gift card', categories: [] })).toEqual([
      [
        { name: 'Home', path: '/' },
        { name: 'Gift card', path: '/products/gift-card' },
      ],
    ]);
  });
});

describe('listingTrail', () => {
  it('ends at the category on page 1, and names a later page', () => {
    expect(listingTrail(coats, 1).map((crumb) => crumb.name)).toEqual(['Home', 'Coats']);
    expect(listingTrail(coats, 3)).toEqual([
      { name: 'Home', path: '/' },
      { name: 'Coats', path: '/categories/coats' },
      { name: 'Page 3', path: '/categories/coats/page/3' },
    ]);
  });
});

describe('breadcrumbListJsonLd', () => {
  it('numbers each trail from 1 with absolute URLs', () => {
    const [list] = breadcrumbListJsonLd([listingTrail(coats, 2)], ORIGIN);
    expect(list).toEqual({
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Home', item: 'https://shop.example.com/' },
        { '@type': 'ListItem', position: 2, name: 'Coats', item: 'https://shop.example.com/categories/coats' },
        { '@type': 'ListItem', position: 3, name: 'Page 2', item: 'https://shop.example.com/categories/coats/page/2' },
      ],
    });
  });

  it('gives every trail its own list', () => {
    const trails = productTrails({ slug: 'wool-coat', title: 'Wool coat', categories: [coats, outerwear] });
    const lists = breadcrumbListJsonLd(trails, ORIGIN);
    expect(lists.map((list) => list.itemListElement.map((item) => item.position))).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(lists[1]?.itemListElement[1]?.item).toBe('https://shop.example.com/categories/outerwear');
  });
});
