import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ImageView } from '@/lib/catalog/types';
import { GALLERY_SIZES, ProductGallery } from './product-gallery';

const image = (url: string): ImageView => ({ url, alt: `alt of ${url}`, width: 1200, height: 1200 });
const render = (images: ImageView[]) =>
  renderToStaticMarkup(createElement(ProductGallery, { images })).match(/<img[^>]*>/g) ?? [];
const attribute = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

describe('ProductGallery', () => {
  it('loads the main picture at once (the largest paint) and the other views lazily', () => {
    const [main, ...others] = render(
      ['/images/products/a-1.webp', '/images/products/a-2.webp', '/images/products/a-3.webp'].map(image),
    );
    expect(main).toContain('loading="eager"');
    expect(main).toMatch(/fetchpriority="high"/i);
    expect(others).toHaveLength(2);
    for (const other of others) {
      expect(other).toContain('loading="lazy"');
      expect(other).not.toMatch(/fetchpriority/i);
    }
  });

  it('has the optimiser resize each picture to the width the gallery takes on the screen', () => {
    const [main] = render([image('/images/products/a-1.webp')]);
    expect(attribute(main ?? '', 'sizes')).toBe(GALLERY_SIZES);
    expect(attribute(main ?? '', 'src')).toMatch(
      /^\/_next\/image\?url=%2Fimages%2Fproducts%2Fa-1\.webp&amp;w=\d+&amp;q=75$/,
    );
    expect(attribute(main ?? '', 'srcSet')).toMatch(/&amp;w=\d+&amp;q=75 \d+w, /);
    expect(main).toContain('alt="alt of /images/products/a-1.webp"');
  });

  it('shows a picture on another host as it is, not through the optimiser that would refuse it', () => {
    const [foreign] = render([image('https://cdn.example.com/shirt.jpg')]);
    expect(attribute(foreign ?? '', 'src')).toBe('https://cdn.example.com/shirt.jpg');
    expect(foreign).not.toMatch(/srcset/i);
  });
});
