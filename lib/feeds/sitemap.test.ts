import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { updateProduct } from '../catalog/update-product';
import { getProductForEdit } from '../catalog/product-for-edit';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { productFormOf } from '../../testing/product-form';
import { rebuildListingPagesSql } from '../catalog/listing-rebalance';
import { queuePages } from '../revalidation/outbox';
import { categoryPath, sitemapProductPieceOf } from '../storefront/paths';
import { renderUrlLines, SITEMAP_MAX_URLS, sitemapFiles, sitemapPieceEntries } from './sitemap';

const PREFIX = `smap-${Date.now().toString(36)}`;
const ORIGIN = 'https://shop.test';
let categoryId = 0;
const productIds: number[] = [];

beforeAll(async () => {
  const db = getDb();
  categoryId = (await db.category.create({ data: { slug: `${PREFIX}-cat`, name: 'Sitemap test' } })).id;
  for (const [n, status] of [
    [1, 'ACTIVE'],
    [2, 'ACTIVE'],
    [3, 'DRAFT'],
  ] as const) {
    const product = await db.product.create({
      data: {
        slug: `${PREFIX}-${n}`,
        title: `Product ${n}`,
        status,
        variants: { create: { sku: `${PREFIX}-${n}`, title: 'Default', price: 1000, currency: 'USD', stock: 1 } },
        categories: { create: { categoryId, position: n * 10 } },
      },
    });
    productIds.push(product.id);
  }
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

/** The entries of the pieces holding this test's pages: home, its category, its products' ids. */
async function sitemapEntries() {
  const productPieces = [...new Set(productIds.map(sitemapProductPieceOf))];
  return [
    ...(await sitemapPieceEntries({ kind: 'home' })),
    ...(await sitemapPieceEntries({ kind: 'category', categoryId })),
    ...(await Promise.all(productPieces.map((piece) => sitemapPieceEntries({ kind: 'products', piece })))).flat(),
  ];
}

const lastmodOf = async (path: string) => (await sitemapEntries()).find((e) => e.path === path)?.lastmod;

describe('the sitemap', () => {
  it('lists home, the listing and the products shoppers can see, never drafts', async () => {
    const paths = (await sitemapEntries()).map((e) => e.path);
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

  it('once a change queued a page, only changes move its lastmod, not a write that queued nothing', async () => {
    const product = `/products/${PREFIX}-2`;
    const id = productIds[1]!;
    const form = productFormOf((await getProductForEdit(id))!, {});
    const edited = { ...form, variants: form.variants.map((v) => ({ ...v, price: v.price + 1 })) };
    await commitCatalogChange({ source: 'ADMIN', actor: 'sitemap@shop.test' }, (scope) =>
      updateProduct(scope, id, edited),
    );
    const queued = await lastmodOf(product);
    expect(queued).toBeDefined();
    // A sale that leaves the stock state as it was: updatedAt moves, no page is queued.
    await getDb().variant.update({ where: { sku: `${PREFIX}-2` }, data: { stock: { increment: 1 } } });
    expect(await lastmodOf(product)).toEqual(queued);
  });

  it('is a valid urlset of absolute URLs with W3C datetimes', async () => {
    const files = sitemapFiles(ORIGIN, renderUrlLines(ORIGIN, await sitemapEntries()).split('\n'));
    expect([...files.keys()]).toEqual(['/sitemap.xml']);
    const xml = files.get('/sitemap.xml')!;
    expect(XMLValidator.validate(xml)).toBe(true);
    const { urlset } = new XMLParser().parse(xml) as { urlset: { url: { loc: string; lastmod: string }[] } };
    for (const url of [urlset.url].flat()) {
      expect(url.loc.startsWith(`${ORIGIN}/`)).toBe(true);
      expect(url.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('becomes an index of 50,000-URL files past 50,000 URLs, each file under 50 MB, dated by its newest page', () => {
    const entries = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => ({
      path: `/products/product-with-a-rather-long-slug-${i}`,
      lastmod: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    }));
    const lines = renderUrlLines(ORIGIN, entries).split('\n');
    expect([...sitemapFiles(ORIGIN, lines.slice(0, SITEMAP_MAX_URLS)).keys()]).toEqual(['/sitemap.xml']);
    const files = sitemapFiles(ORIGIN, lines);
    expect([...files.keys()].sort()).toEqual(['/sitemap.xml', '/sitemaps/1.xml', '/sitemaps/2.xml']);
    const index = files.get('/sitemap.xml')!;
    expect(XMLValidator.validate(index)).toBe(true);
    const { sitemapindex } = new XMLParser().parse(index) as {
      sitemapindex: { sitemap: { loc: string; lastmod: string }[] };
    };
    expect(sitemapindex.sitemap).toEqual([
      { loc: `${ORIGIN}/sitemaps/1.xml`, lastmod: entries[SITEMAP_MAX_URLS - 1]!.lastmod.toISOString() },
      { loc: `${ORIGIN}/sitemaps/2.xml`, lastmod: entries[SITEMAP_MAX_URLS]!.lastmod.toISOString() },
    ]);
    const first = files.get('/sitemaps/1.xml')!;
    expect(XMLValidator.validate(first)).toBe(true);
    expect(first.match(/<url>/g)).toHaveLength(SITEMAP_MAX_URLS);
    expect(Buffer.byteLength(first)).toBeLessThan(50 * 1024 * 1024);
    expect(files.get('/sitemaps/2.xml')!.match(/<url>/g)).toHaveLength(1);
  });
});

describe("a category's piece", () => {
  it('dates each listing page by the products on it, placed as listing_page_of places them', async () => {
    const db = getDb();
    const paged = await db.category.create({ data: { slug: `${PREFIX}-paged`, name: 'Paged' } });
    const members = [];
    for (const [i, status] of (
      ['ACTIVE', 'ACTIVE', 'DRAFT', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE'] as const
    ).entries()) {
      members.push(
        await db.product.create({
          data: {
            slug: `${PREFIX}-paged-${i}`,
            title: `Paged ${i}`,
            status,
            variants: {
              create: { sku: `${PREFIX}-paged-${i}`, title: 'Default', price: 1000, currency: 'USD', stock: 1 },
            },
            categories: { create: { categoryId: paged.id, position: (i + 1) * 10 } },
          },
        }),
      );
    }
    // Pages of two, cut as the worker cuts them: each page's key is its first product's own key.
    await db.$executeRaw(rebuildListingPagesSql(2, [paged.id]));
    const placed = await db.$queryRaw<{ productId: number; page: number }[]>`
      SELECT "productId", listing_page_of(${paged.id}, position, "productId") AS page FROM "ProductCategory"
      WHERE "categoryId" = ${paged.id} ORDER BY position`;
    const pageOf = new Map(placed.map((row) => [row.productId, row.page]));
    expect([...new Set(pageOf.values())]).toEqual([1, 2, 3]);

    const lastmods = async () =>
      new Map(
        (await sitemapPieceEntries({ kind: 'category', categoryId: paged.id })).map((e) => [
          e.path,
          e.lastmod.getTime(),
        ]),
      );
    expect([...(await lastmods()).keys()]).toEqual([1, 2, 3].map((page) => categoryPath(`${PREFIX}-paged`, page)));
    // Each shown product's change moves its own page's lastmod and no other's.
    // A draft's change moves none: no page shows it.
    for (const [i, member] of members.entries()) {
      const before = await lastmods();
      await db.variant.update({ where: { sku: `${PREFIX}-paged-${i}` }, data: { price: 1000 + i } });
      const after = await lastmods();
      const moved = [...after].filter(([path, at]) => at !== before.get(path)).map(([path]) => path);
      const shownOn = member.status === 'ACTIVE' ? [categoryPath(`${PREFIX}-paged`, pageOf.get(member.id))] : [];
      expect(moved, member.slug).toEqual(shownOn);
    }
    await db.product.deleteMany({ where: { id: { in: members.map((m) => m.id) } } });
  });

  it('reads no product of the category once a change has queued each of its pages', async () => {
    const db = getDb();
    const slug = `${PREFIX}-queued`;
    const category = await db.category.create({ data: { slug, name: 'Queued' } });
    await db.product.create({
      data: {
        slug: `${PREFIX}-queued-1`,
        title: 'Queued 1',
        status: 'ACTIVE',
        variants: { create: { sku: `${PREFIX}-queued-1`, title: 'Default', price: 1000, currency: 'USD', stock: 1 } },
        categories: { create: { categoryId: category.id, position: 10 } },
      },
    });
    const path = categoryPath(slug, 1);
    const reads = vi.spyOn(db, '$queryRaw');
    const readProducts = () =>
      reads.mock.calls.some(([sql]) =>
        (sql as unknown as TemplateStringsArray).join('?').includes('"ProductCategory"'),
      );
    try {
      // Never queued: dated by the data its products show.
      expect(await sitemapPieceEntries({ kind: 'category', categoryId: category.id })).toHaveLength(1);
      expect(readProducts()).toBe(true);

      await queuePages(db, [path]);
      const [request] = await db.purgeRequest.findMany({ where: { path }, orderBy: { id: 'desc' }, take: 1 });
      reads.mockClear();
      expect(await sitemapPieceEntries({ kind: 'category', categoryId: category.id })).toEqual([
        { path, lastmod: request!.requestedAt },
      ]);
      expect(readProducts()).toBe(false);
    } finally {
      reads.mockRestore();
      await db.purgeRequest.deleteMany({ where: { path } });
      await db.pagePurge.deleteMany({ where: { path } });
      await db.product.deleteMany({ where: { slug: { startsWith: `${PREFIX}-queued` } } });
    }
  });
});
