import { describe, expect, it } from 'vitest';
import { absoluteUrl } from '@/lib/storefront/paths';
import { headMeta, type PageSeo } from './page-meta';

const ORIGIN = 'https://shop.example.com';
const jpeg = { url: '/images/coat.jpg', alt: 'A wool coat', width: 1200, height: 800 };
const svg = { url: '/images/products/coats-1.svg', alt: 'A coat', width: 800, height: 800 };

function meta(seo?: PageSeo, noindex = false) {
  const result = headMeta({ title: 'Wool coat', description: 'Warm.', noindex, seo });
  return { ...result, og: Object.fromEntries(result.openGraph), tw: Object.fromEntries(result.twitter) };
}

describe('absoluteUrl', () => {
  it('puts a path on the origin and keeps a URL that already is absolute', () => {
    expect(absoluteUrl(ORIGIN, '/products/a')).toBe('https://shop.example.com/products/a');
    expect(absoluteUrl(ORIGIN, 'images/a.jpg')).toBe('https://shop.example.com/images/a.jpg');
    expect(absoluteUrl(ORIGIN, 'https://cdn.example.net/a.jpg')).toBe('https://cdn.example.net/a.jpg');
  });
});

describe('headMeta', () => {
  it('names a product page by its absolute canonical URL, with its picture for link previews', () => {
    const m = meta({ origin: ORIGIN, path: '/products/wool-coat', type: 'product', image: jpeg });
    expect(m.canonical).toBe('https://shop.example.com/products/wool-coat');
    expect(m.robots).toBeNull();
    expect(m.og).toEqual({
      'og:site_name': 'Fresh Price Supply Co.',
      'og:type': 'product',
      'og:title': 'Wool coat',
      'og:description': 'Warm.',
      'og:url': 'https://shop.example.com/products/wool-coat',
      'og:image': 'https://shop.example.com/images/coat.jpg',
      'og:image:width': '1200',
      'og:image:height': '800',
      'og:image:alt': 'A wool coat',
    });
    expect(m.tw).toEqual({
      'twitter:card': 'summary_large_image',
      'twitter:title': 'Wool coat',
      'twitter:description': 'Warm.',
    });
  });

  it('announces no picture it cannot preview (SVG): a summary card, no og:image', () => {
    const m = meta({ origin: ORIGIN, path: '/products/coat', type: 'product', image: svg });
    expect(m.og['og:image']).toBeUndefined();
    expect(m.tw['twitter:card']).toBe('summary');
  });

  it('links a listing page to its neighbours and is its own canonical', () => {
    const m = meta({
      origin: ORIGIN,
      path: '/categories/bags/page/2',
      previousPath: '/categories/bags',
      nextPath: '/categories/bags/page/3',
    });
    expect(m.canonical).toBe('https://shop.example.com/categories/bags/page/2');
    expect(m.previous).toBe('https://shop.example.com/categories/bags');
    expect(m.next).toBe('https://shop.example.com/categories/bags/page/3');
    expect(m.og['og:type']).toBe('website');
  });

  it('without an origin writes no canonical, og:url or og:image, and relative neighbours', () => {
    const m = meta({ origin: null, path: '/categories/bags/page/2', image: jpeg, nextPath: '/categories/bags/page/3' });
    expect(m.canonical).toBeNull();
    expect(m.og['og:url']).toBeUndefined();
    expect(m.og['og:image']).toBeUndefined();
    expect(m.tw['twitter:card']).toBe('summary');
    expect(m.next).toBe('/categories/bags/page/3');
    expect(m.og['og:title']).toBe('Wool coat');
  });

  it('keeps a noindex page out of the index, without a canonical', () => {
    const m = meta({ origin: ORIGIN, path: '/cart' }, true);
    expect(m.robots).toBe('noindex');
    expect(m.canonical).toBeNull();
    expect(m.og['og:url']).toBeUndefined();
  });

  it('gives a page without an address (404) its title and summary only', () => {
    const m = meta();
    expect(m.canonical).toBeNull();
    expect(m.robots).toBeNull();
    expect(Object.keys(m.og)).toEqual(['og:site_name', 'og:type', 'og:title', 'og:description']);
    expect(m.tw['twitter:card']).toBe('summary');
  });
});
