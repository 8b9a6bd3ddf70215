import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  buildSampleCatalog,
  SAMPLE_CATALOG_COUNTS,
  SAMPLE_IMAGE_SIZE,
  SAMPLE_IMAGE_URL_PREFIX,
  summarizeSampleCatalog,
} from './catalog';

const publicDir = fileURLToPath(new URL('../../public', import.meta.url));
const catalog = buildSampleCatalog();
const products = catalog.products;
const variants = products.flatMap((p) => p.variants);

describe('buildSampleCatalog', () => {
  it('is deterministic', () => {
    expect(buildSampleCatalog()).toEqual(buildSampleCatalog());
    expect(buildSampleCatalog()).toEqual(catalog);
  });

  it('has enough categories and products', () => {
    expect(catalog.categories.length).toBeGreaterThanOrEqual(8);
    expect(catalog.categories.length).toBe(SAMPLE_CATALOG_COUNTS.categories);
    expect(products.length).toBeGreaterThanOrEqual(200);
    expect(products.length).toBe(SAMPLE_CATALOG_COUNTS.products);
  });

  it('gives categories kebab-case slugs, names, descriptions and distinct positions', () => {
    for (const category of catalog.categories) {
      expect(category.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(category.name.length).toBeGreaterThan(0);
      expect(category.description).toMatch(/\.$/);
    }
    expect(new Set(catalog.categories.map((c) => c.slug)).size).toBe(catalog.categories.length);
    expect(new Set(catalog.categories.map((c) => c.position)).size).toBe(catalog.categories.length);
  });

  it('uses unique kebab-case product slugs and non-empty titles and descriptions', () => {
    expect(new Set(products.map((p) => p.slug)).size).toBe(products.length);
    for (const product of products) {
      expect(product.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(product.slug.length).toBeLessThanOrEqual(120);
      expect(product.title.split(' ').length).toBeGreaterThanOrEqual(3);
      const sentences = product.description.split(/(?<=\.) /);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(3);
    }
  });

  it('has exactly the stated number of draft, archived and featured products', () => {
    const count = (status: string) => products.filter((p) => p.status === status).length;
    expect(count('DRAFT')).toBe(SAMPLE_CATALOG_COUNTS.draft);
    expect(count('ARCHIVED')).toBe(SAMPLE_CATALOG_COUNTS.archived);
    expect(count('ACTIVE')).toBe(
      SAMPLE_CATALOG_COUNTS.products - SAMPLE_CATALOG_COUNTS.draft - SAMPLE_CATALOG_COUNTS.archived,
    );
    const featured = products.filter((p) => p.featured);
    expect(featured).toHaveLength(SAMPLE_CATALOG_COUNTS.featured);
    for (const product of featured) {
      expect(product.status).toBe('ACTIVE');
      expect(product.variants.some((v) => v.stock > 0)).toBe(true);
    }
    // Spread across categories: every category has a featured product.
    const featuredCategories = new Set(featured.map((p) => p.categories[0]?.categorySlug));
    expect(featuredCategories.size).toBe(catalog.categories.length);
  });

  it('links every product to its primary category and about a quarter to a second one', () => {
    const slugs = new Set(catalog.categories.map((c) => c.slug));
    for (const product of products) {
      expect(product.categories.length).toBeGreaterThanOrEqual(1);
      expect(product.categories.length).toBeLessThanOrEqual(2);
      for (const link of product.categories) expect(slugs.has(link.categorySlug)).toBe(true);
      expect(new Set(product.categories.map((l) => l.categorySlug)).size).toBe(product.categories.length);
    }
    const share = products.filter((p) => p.categories.length === 2).length / products.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.35);
  });

  it('orders each category listing with distinct, increasing positions', () => {
    for (const category of catalog.categories) {
      const positions = products.flatMap((p) =>
        p.categories.filter((l) => l.categorySlug === category.slug).map((l) => l.position),
      );
      expect(positions.length).toBeGreaterThan(0);
      expect(positions).toEqual(positions.map((_, i) => (i + 1) * 10));
    }
  });

  it('gives every product 1-7 variants with unique SKUs', () => {
    for (const product of products) {
      expect(product.variants.length).toBeGreaterThanOrEqual(1);
      expect(product.variants.length).toBeLessThanOrEqual(7);
      expect(product.variants.map((v) => v.position)).toEqual(product.variants.map((_, i) => i));
    }
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    for (const variant of variants) expect(variant.sku).toMatch(/^[A-Z]{3}-\d{4}-[A-Z0-9]+$/);
  });

  it('prices variants in positive integer USD cents with realistic endings', () => {
    for (const variant of variants) {
      expect(Number.isInteger(variant.price)).toBe(true);
      expect(variant.price).toBeGreaterThan(0);
      expect(variant.currency).toBe('USD');
      expect([0, 50, 95, 99]).toContain(variant.price % 100);
    }
  });

  it('sets compareAtPrice above price on about a fifth of the variants', () => {
    const discounted = variants.filter((v) => v.compareAtPrice !== null);
    for (const variant of discounted) {
      expect(Number.isInteger(variant.compareAtPrice)).toBe(true);
      expect(variant.compareAtPrice).toBeGreaterThan(variant.price);
    }
    expect(discounted.length / variants.length).toBeGreaterThan(0.1);
    expect(discounted.length / variants.length).toBeLessThan(0.3);
  });

  it('keeps stock between 0 and 40 with some variants sold out', () => {
    for (const variant of variants) {
      expect(Number.isInteger(variant.stock)).toBe(true);
      expect(variant.stock).toBeGreaterThanOrEqual(0);
      expect(variant.stock).toBeLessThanOrEqual(40);
    }
    const soldOut = variants.filter((v) => v.stock === 0).length / variants.length;
    expect(soldOut).toBeGreaterThan(0.04);
    expect(soldOut).toBeLessThan(0.2);
  });

  it('gives every product 1-3 images that exist under public/images/products', () => {
    const urls = new Set<string>();
    for (const product of products) {
      expect(product.images.length).toBeGreaterThanOrEqual(1);
      expect(product.images.length).toBeLessThanOrEqual(3);
      product.images.forEach((image, i) => {
        expect(image.url.startsWith(SAMPLE_IMAGE_URL_PREFIX)).toBe(true);
        expect(image.url.startsWith(`${SAMPLE_IMAGE_URL_PREFIX}${product.categories[0]?.categorySlug}-`)).toBe(true);
        expect(image.alt).toBe(i === 0 ? product.title : `${product.title} – view ${i + 1}`);
        expect(image).toMatchObject({ width: SAMPLE_IMAGE_SIZE, height: SAMPLE_IMAGE_SIZE, position: i });
        urls.add(image.url);
      });
      expect(new Set(product.images.map((img) => img.url)).size).toBe(product.images.length);
    }
    for (const url of urls) expect(existsSync(`${publicDir}${url}`), url).toBe(true);
  });

  // next/image sizes the <img> from these numbers and resizes only raster files (SVG passes through).
  it('names raster pictures whose files have the width and height the seed records', async () => {
    const urls = new Set(products.flatMap((p) => p.images.map((image) => image.url)));
    for (const url of urls) {
      const { format, width, height } = await sharp(`${publicDir}${url}`).metadata();
      expect({ url, format, width, height }).toEqual({
        url,
        format: 'webp',
        width: SAMPLE_IMAGE_SIZE,
        height: SAMPLE_IMAGE_SIZE,
      });
    }
  });

  it('summarizes its own counts', () => {
    expect(summarizeSampleCatalog(catalog)).toMatchObject({
      categories: SAMPLE_CATALOG_COUNTS.categories,
      products: SAMPLE_CATALOG_COUNTS.products,
      draft: SAMPLE_CATALOG_COUNTS.draft,
      archived: SAMPLE_CATALOG_COUNTS.archived,
      featured: SAMPLE_CATALOG_COUNTS.featured,
      variants: variants.length,
    });
  });

  it('gives products two options, one or none, each variant a distinct combination of their values', () => {
    const optionCounts = new Set(products.map((p) => p.options.length));
    expect(optionCounts).toEqual(new Set([0, 1, 2]));
    for (const product of products) {
      for (const variant of product.variants) {
        expect(variant.optionValues).toHaveLength(product.options.length);
        variant.optionValues.forEach((value, i) => expect(product.options[i]?.values).toContain(value));
      }
      const combinations = product.variants.map((v) => v.optionValues.join(' / '));
      expect(new Set(combinations).size, product.slug).toBe(combinations.length);
      if (product.options.length === 0) expect(product.variants).toHaveLength(1);
    }
  });

  it('has active Size x Colour products with a missing combination, a low and a sold-out variant', () => {
    const grids = products.filter((p) => {
      const [size, colour] = p.options;
      if (p.status !== 'ACTIVE' || !size || !colour || colour.values.length < 2) return false;
      return p.variants.length < size.values.length * colour.values.length;
    });
    expect(grids.length).toBeGreaterThan(10);
    for (const product of grids) {
      expect(product.variants.some((v) => v.stock > 0 && v.stock <= 3)).toBe(true);
      // The second colour's second size is sold out (with three sizes or more it exists).
      if ((product.options[0]?.values.length ?? 0) >= 3) expect(product.variants.some((v) => v.stock === 0)).toBe(true);
    }
  });
});
