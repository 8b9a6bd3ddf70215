import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ProductCard } from '@/lib/catalog/types';
import { CARD_SIZES, ProductGrid } from './product-card';

const card = (slug: string): ProductCard => ({
  slug,
  title: slug,
  image: { url: `/images/products/${slug}.webp`, alt: slug, width: 1200, height: 1200 },
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

  it("has the optimiser resize each card's picture to the card's width, not the source's 1200px", () => {
    const [image] =
      renderToStaticMarkup(createElement(ProductGrid, { products: [card('a')] })).match(/<img[^>]*>/g) ?? [];
    expect(image).toContain(`sizes="${CARD_SIZES}"`);
    expect(image).toMatch(/ src="\/_next\/image\?url=%2Fimages%2Fproducts%2Fa\.webp&amp;w=\d+&amp;q=75"/);
    expect(image).toMatch(/ srcSet="[^"]*&amp;w=\d+&amp;q=75 \d+w, /);
  });
});
