import { describe, expect, it } from 'vitest';
import { isOptimizable, PRODUCT_IMAGE_LOCAL_PATTERN } from './product-images';

describe('isOptimizable', () => {
  it("sends the shop's own pictures under /images/ through the optimiser", () => {
    expect(isOptimizable('/images/products/bags-1.webp')).toBe(true);
    expect(isOptimizable('/images/uploads/a%20b.jpg')).toBe(true);
  });

  it('shows pictures on another host as they are: the optimiser fetches no other host', () => {
    expect(isOptimizable('https://cdn.shopify.com/s/files/1/shirt.jpg')).toBe(false);
    expect(isOptimizable('//cdn.example.com/images/x.jpg')).toBe(false);
    // A browser reads "/\" as "//": another host.
    expect(isOptimizable('/\\cdn.example.com/images/x.jpg')).toBe(false);
  });

  it("keeps to the files localPatterns allows: not the shop's pages or API, no query string", () => {
    expect(isOptimizable('/api/health/live')).toBe(false);
    expect(isOptimizable('/images/../api/cart')).toBe(false);
    expect(isOptimizable('/imagesx/a.webp')).toBe(false);
    expect(isOptimizable('/images/products/bags-1.webp?v=2')).toBe(false);
    expect(isOptimizable('/images/products/bags-1.webp#top')).toBe(false);
    expect(isOptimizable('images/products/bags-1.webp')).toBe(false);
    expect(PRODUCT_IMAGE_LOCAL_PATTERN).toEqual({ pathname: '/images/**', search: '' });
  });
});
