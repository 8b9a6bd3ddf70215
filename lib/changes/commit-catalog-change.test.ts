/**
 * The change road against a real database: the pages a change queues are computed under its
 * listings' locks, so a rebalance that moves products between a listing's pages and a change of
 * a product in it never compute their pages blind to each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyNextBulkBatch } from '../catalog/bulk-price-batch';
import { createBulkPriceJob, previewBulkPriceChange, type BulkPriceTarget } from '../catalog/bulk-price-change';
import type { PriceAdjustment } from '../catalog/bulk-price-rules';
import type { OperatorChangeScope } from './commit-catalog-change';
import { updateProduct } from '../catalog/update-product';
import { getDb } from '../db';
import { getEnv } from '../env';
import {
  categoryPath,
  feedPieceOf,
  feedPiecePath,
  productPath,
  sitemapPiecePath,
  sitemapProductPieceOf,
} from '../storefront/paths';
import type { ProductUpdate } from '../validations/product-update';
import { commitCatalogChange } from './commit-catalog-change';
import { rebuildListingPagesSql } from '../catalog/listing-rebalance';
import { rebalanceCategory } from './rebalance-listings';
import { getProductForEdit } from '../catalog/product-for-edit';
import { productFormOf } from '../../testing/product-form';

const PREFIX = `road-${Date.now().toString(36)}`;
const author = { source: 'ADMIN' as const, actor: `${PREFIX}@shop.test` };
let pageSize = 0;

/** A bulk job made from a fresh preview; the returned writer applies its (only) batch in a scope. */
async function bulkBatchOf(target: BulkPriceTarget, adjustment: PriceAdjustment) {
  const { previewToken } = await previewBulkPriceChange(target, adjustment);
  const job = { target, adjustment, previewToken, author, leaseOwner: PREFIX, leaseMs: 60_000 };
  const { id } = await createBulkPriceJob(job);
  return (scope: OperatorChangeScope) => applyNextBulkBatch(scope, id, PREFIX, 60_000);
}
let categoryId = 0;
const categorySlug = `${PREFIX}-cat`;
const products: { id: number; slug: string; variantId: number }[] = [];

beforeAll(async () => {
  const db = getDb();
  pageSize = getEnv().CATEGORY_PAGE_SIZE;
  categoryId = (await db.category.create({ data: { slug: categorySlug, name: 'Road' } })).id;
  // One product more than a page: the last one sits first on page 2.
  for (let i = 0; i <= pageSize; i += 1) {
    const slug = `${PREFIX}-p${String(i).padStart(3, '0')}`;
    const product = await db.product.create({
      data: {
        slug,
        title: slug,
        status: 'ACTIVE',
        variants: { create: { sku: slug, title: 'One', price: 1000, currency: 'USD', stock: 1 } },
        categories: { create: { categoryId, position: (i + 1) * 10 } },
      },
      include: { variants: true },
    });
    products.push({ id: product.id, slug, variantId: product.variants[0]?.id ?? 0 });
  }
  await getDb().$executeRaw(rebuildListingPagesSql(pageSize, [categoryId]));
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: categorySlug } });
  await getDb().$disconnect();
});

/** A rebalance request for the test's category, as a change that left a page out of bounds makes. */
async function askForRebalance(): Promise<void> {
  await getDb()
    .$executeRaw`INSERT INTO "ListingRebalance" ("categoryId") VALUES (${categoryId}) ON CONFLICT DO NOTHING`;
}

/** Puts the product back and the listing's pages as the tests start: page 1 full, the last product on page 2. */
async function restoreListing(productId: number): Promise<void> {
  await commitCatalogChange(author, async (scope) =>
    updateProduct(scope, productId, await formFor(productId, { status: 'ACTIVE' })),
  );
  await getDb().$executeRaw`DELETE FROM "ListingPage" WHERE "categoryId" = ${categoryId}`;
  await getDb().$executeRaw(rebuildListingPagesSql(pageSize, [categoryId]));
}

async function formFor(id: number, changes: Partial<ProductUpdate>): Promise<ProductUpdate> {
  const product = await getProductForEdit(id);
  if (!product) throw new Error(`product ${id} is gone`);
  return productFormOf(product, changes);
}

/** Resolves once some session waits for a listing lock (an advisory lock), so the race is real. */
async function someoneWaitsForAListing(): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    const rows = await getDb().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`;
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('nobody waited for the listing lock');
}

/** Runs `writer` through the road and holds its transaction open after it wrote, until released. */
function heldOpen(write: Parameters<typeof commitCatalogChange>[1]) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let markWritten = () => {};
  const written = new Promise<void>((resolve) => (markWritten = resolve));
  const committed = commitCatalogChange(author, async (scope) => {
    await write(scope);
    markWritten();
    await released;
  });
  return { written, release, committed };
}

const feedPieceFor = (productId: number) => feedPiecePath(feedPieceOf(productId));
/** The paths a price change of a product on page 1 of this file's category queues, sorted. */
const pricePathsOf = (product: { id: number; slug: string }) =>
  [
    categoryPath(categorySlug),
    feedPieceFor(product.id),
    productPath(product.slug),
    sitemapPiecePath({ kind: 'category', categoryId }),
    sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(product.id) }),
  ].sort();

describe('commitCatalogChange', () => {
  it('computes the pages of an edit after a concurrent rebalance of its listing committed, not before', async () => {
    const first = products[0]!;
    const last = products[pageSize]!;
    await commitCatalogChange(author, async (scope) =>
      updateProduct(scope, first.id, await formFor(first.id, { status: 'DRAFT' })),
    );
    const repriceLast = await formFor(last.id, {
      variants: [{ id: last.variantId, price: 1234, compareAtPrice: null, stock: 1 }],
    });
    // The rebalance (every active product now fits page 1, so the last one moves up from page 2)
    // holds its transaction open; the edit of the last product must wait for it, then read its new page.
    const rebalance = heldOpen(async (scope) => {
      await askForRebalance();
      await rebalanceCategory(scope, categoryId);
    });
    await rebalance.written;
    const edit = commitCatalogChange(author, (scope) => updateProduct(scope, last.id, repriceLast));
    await someoneWaitsForAListing();
    rebalance.release();
    const [rebalanced, edited] = await Promise.all([rebalance.committed, edit]);

    // Without the listing lock the edit reads its product on page 2 while the rebalance is
    // uncommitted and purges page 2 only: page 1, which shows it now, would keep its old price.
    // The rebalance's pages and its category's piece of the sitemap, not the whole sitemap.
    expect(rebalanced.paths).toEqual([
      categoryPath(categorySlug),
      categoryPath(categorySlug, 2),
      sitemapPiecePath({ kind: 'category', categoryId }),
    ]);
    expect(edited.paths).toEqual(pricePathsOf(last));
    await restoreListing(first.id);
  });

  it('makes a bulk price change wait for a rebalance of its listing, and purge where its products are now', async () => {
    const first = products[0]!;
    const last = products[pageSize]!;
    await commitCatalogChange(author, async (scope) =>
      updateProduct(scope, first.id, await formFor(first.id, { status: 'DRAFT' })),
    );
    const rebalance = heldOpen(async (scope) => {
      await askForRebalance();
      await rebalanceCategory(scope, categoryId);
    });
    await rebalance.written;
    const target = { productIds: [last.id] };
    const adjustment = { kind: 'fixed' as const, amountMinor: 1 };
    const bulk = commitCatalogChange(author, await bulkBatchOf(target, adjustment));
    await someoneWaitsForAListing();
    rebalance.release();
    const [, bulked] = await Promise.all([rebalance.committed, bulk]);
    expect(bulked.paths).toEqual(pricePathsOf(last));
    await restoreListing(first.id);
  });

  it('lets edits that move nothing share a listing: a price edit does not wait for a bulk change in progress', async () => {
    const a = products[1]!;
    const b = products[2]!;
    const target = { productIds: [a.id] };
    const adjustment = { kind: 'fixed' as const, amountMinor: 1 };
    const bulk = heldOpen(await bulkBatchOf(target, adjustment));
    await bulk.written;
    const form = await formFor(b.id, { variants: [{ id: b.variantId, price: 1500, compareAtPrice: null, stock: 1 }] });
    // Commits while the bulk change still holds its listing (shared): nothing waits.
    const edited = await commitCatalogChange(author, (scope) => updateProduct(scope, b.id, form));
    expect(edited.paths).toEqual(pricePathsOf(b));
    bulk.release();
    await bulk.committed;
  });

  it('refuses to upgrade a listing locked shared, or to lock a lower category after a higher one', async () => {
    const second = await getDb().category.create({ data: { slug: `${PREFIX}-second`, name: 'Second' } });
    const product = products[6]!;
    await expect(
      commitCatalogChange(author, async (scope) => {
        await scope.lockProducts([product.id]);
        await scope.lockProducts([product.id], { moving: true });
      }),
    ).rejects.toThrow(/locked shared/);
    await expect(
      commitCatalogChange(author, async (scope) => {
        await scope.lockProducts([], { joiningCategoryIds: [second.id] });
        await scope.lockProducts([product.id]);
      }),
    ).rejects.toThrow(/after a later one/);
  });

  it('writes one audit row per changed price, with the author, in the change', async () => {
    const product = products[3]!;
    const form = await formFor(product.id, {
      variants: [{ id: product.variantId, price: 777, compareAtPrice: 900, stock: 1 }],
    });
    await commitCatalogChange(author, (scope) => updateProduct(scope, product.id, form));
    const audit = await getDb().priceChange.findMany({ where: { productId: product.id } });
    expect(audit).toMatchObject([
      { oldPrice: 1000, newPrice: 777, oldCompareAtPrice: null, newCompareAtPrice: 900, actor: author.actor },
    ]);
  });

  it('rolls back the writes, the audit rows and the outbox rows together when the writer fails', async () => {
    const product = products[4]!;
    const form = await formFor(product.id, {
      variants: [{ id: product.variantId, price: 555, compareAtPrice: null, stock: 1 }],
    });
    const failing = commitCatalogChange(author, async (scope) => {
      await updateProduct(scope, product.id, form);
      throw new Error('the writer fails after writing');
    });
    await expect(failing).rejects.toThrow('the writer fails after writing');
    expect(await getDb().priceChange.count({ where: { productId: product.id } })).toBe(0);
    expect((await getDb().variant.findUniqueOrThrow({ where: { id: product.variantId } })).price).toBe(1000);
    expect(await getDb().pagePurge.count({ where: { path: productPath(product.slug) } })).toBe(0);
  });

  it('refuses a writer that reports a change to a product it did not lock', async () => {
    const failing = commitCatalogChange(author, (scope) => {
      scope.markChanged(products[5]!.id);
      return Promise.resolve();
    });
    await expect(failing).rejects.toThrow(/without being locked first/);
  });
});
