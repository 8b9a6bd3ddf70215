import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateProduct } from '../catalog/update-product';
import { getProductForEdit } from '../catalog/product-for-edit';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { productFormOf } from '../../testing/product-form';
import { renderSitemapIndex, renderUrlSet, SITEMAP_MAX_URLS, sitemapEntries, sitemapFileCount } from './sitemap';

const PREFIX = `smap-${Date.now().toString(36)}`;
const ORIGIN = 'https://shop.test';
let categoryId = 0;

beforeAll(async () => {
  const db = getDb();
  categoryId = (await db.category.create({ data: { slug: `${PREFIX}-cat`, name: 'Sitemap test' } })).id;
  for (const [n, status] of [
    [1, 'ACTIVE'],
    [2, 'ACTIVE'],
    [3, 'DRAFT'],
  ] as const) {
    await db.product.create({
      data: {
        slug: `${PREFIX}-${n}`,
        title: `Product ${n}`,
        status,
        variants: { create: { sku: `${PREFIX}-${n}`, title: 'Default', price: 1000, currency: 'USD', stock: 1 } },
        categories: { create: { categoryId, position: n * 10 } },
      },
    });
  }
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

const lastmodOf = async (path: string) => (await sitemapEntries()).find((e) => e.path === path)?.lastmod;

describe('the sitemap', () => {
  it('lists home, the listing and the products shoppers can see, never drafts', async () => {
    const paths = (await sitemapEntries()).map((e) => e.path);
    expect(paths[0]).toBe('/');
    expect(paths).toContain(`/categories/${PREFIX}-cat`);
    expect(paths).toContain(`/products/${PREFIX}-1`);
    expect(paths).toContain(`/products/${PREFIX}-2`);
    expect(paths).not.toContain(`/products/${PREFIX}-3`);
  });

  it("moves a product's lastmod, and its listing page's, when its price changes", async () => {
    const product = `/products/${PREFIX}-2`;
    const listing = `/categories/${PREFIX}-cat`;
    const other = `/products/${PREFIX}-1`;
    const [before, listingBefore, otherBefore] = [
      await lastmodOf(product),
      await lastmodOf(listing),
      await lastmodOf(other),
    ];
    await getDb().variant.update({ where: { sku: `${PREFIX}-2` }, data: { price: 1100 } });
    const [after, listingAfter] = [await lastmodOf(product), await lastmodOf(listing)];
    expect(after!.getTime()).toBeGreaterThan(before!.getTime());
    expect(listingAfter!.getTime()).toBeGreaterThan(listingBefore!.getTime());
    // The other product's page did not change.
    expect(await lastmodOf(other)).toEqual(otherBefore);
  });

  it("moves the listing page's lastmod when a product leaves it, though no product it still shows changed", async () => {
    const listing = `/categories/${PREFIX}-cat`;
    const before = await lastmodOf(listing);
    const leaving = await getDb().product.findUniqueOrThrow({ where: { slug: `${PREFIX}-1` } });
    const form = productFormOf((await getProductForEdit(leaving.id))!, { status: 'ARCHIVED' });
    await commitCatalogChange({ source: 'ADMIN', actor: 'sitemap@shop.test' }, (scope) =>
      updateProduct(scope, leaving.id, form),
    );
    expect((await lastmodOf(listing))!.getTime()).toBeGreaterThan(before!.getTime());
    expect((await sitemapEntries()).map((e) => e.path)).not.toContain(`/products/${PREFIX}-1`);
  });

  it('is a valid urlset of absolute URLs with W3C datetimes', async () => {
    const xml = renderUrlSet(ORIGIN, await sitemapEntries());
    expect(XMLValidator.validate(xml)).toBe(true);
    const { urlset } = new XMLParser().parse(xml) as { urlset: { url: { loc: string; lastmod: string }[] } };
    for (const url of [urlset.url].flat()) {
      expect(url.loc.startsWith(`${ORIGIN}/`)).toBe(true);
      expect(url.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('becomes an index of 50,000-URL files past 50,000 URLs, each file under 50 MB', () => {
    const entries = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => ({
      path: `/products/product-with-a-rather-long-slug-${i}`,
      lastmod: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    }));
    expect(sitemapFileCount(entries.slice(0, SITEMAP_MAX_URLS))).toBe(1);
    expect(sitemapFileCount(entries)).toBe(2);
    const index = renderSitemapIndex(ORIGIN, entries);
    expect(XMLValidator.validate(index)).toBe(true);
    expect(index.match(/<sitemap>/g)).toHaveLength(2);
    expect(index).toContain(`<loc>${ORIGIN}/sitemaps/2.xml</loc>`);
    const first = renderUrlSet(ORIGIN, entries, 1);
    expect(first.match(/<url>/g)).toHaveLength(SITEMAP_MAX_URLS);
    expect(Buffer.byteLength(first)).toBeLessThan(50 * 1024 * 1024);
    expect(renderUrlSet(ORIGIN, entries, 2).match(/<url>/g)).toHaveLength(1);
  });
});
