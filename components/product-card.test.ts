import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ProductCard } from '@/lib/catalog/types';
import { ProductGrid } from './product-card';

const card = (slug: string): ProductCard => ({
  slug,
  title: slug,
  image: { url: `/images/${slug}.svg`, alt: slug, width: 800, height: 800 },
  price: { amount: 1000, currency: 'USD' },
  priceRangeDiffers: false,
  compareAtPrice: null,
  inStock: true,
});

describe('ProductGrid', () => {
  it("loads the first card's picture at once (the listing's largest paint) and the others lazily", () => {
    const html = renderToStaticMarkup(createElement(ProductGrid, { products: [card('a'), card('b'), card('c')] }));
    const images = html.match(/<img[^>]*>/g) ?? [];
    expect(images).toHaveLength(3);
    expect(images[0]).toContain('loading="eager"');
    expect(images[0]).toMatch(/fetchpriority="high"/i);
    for (const image of images.slice(1)) expect(image).toContain('loading="lazy"');
    // The card's link text names the product; its picture is not read out a second time.
    for (const image of images) expect(image).toContain('alt=""');
  });
});
