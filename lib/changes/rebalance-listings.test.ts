/**
 * Listing pages through the change road, against a real database, with pages of 2: products
 * entering a listing touch only the page their position falls in, a page filled past twice the
 * page size is only asked to be rebalanced (never inline), and the worker's rebalance queues
 * every page whose products changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.CATEGORY_PAGE_SIZE = '2';

const { getDb } = await import('../db');
const { updateProduct } = await import('../catalog/update-product');
const { getProductForEdit } = await import('../catalog/product-for-edit');
const { moveProductToFront } = await import('../catalog/move-to-front');
const { rebuildListingPagesSql } = await import('../catalog/listing-rebalance');
const { getCategoryPage } = await import('../catalog/storefront');
const { productFormOf } = await import('../../testing/product-form');
const { commitCatalogChange } = await import('./commit-catalog-change');
const { rebalanceDueListings } = await import('./rebalance-listings');

const PREFIX = `rbl-${Date.now().toString(36)}`;
const author = { source: 'ADMIN' as const, actor: `${PREFIX}@shop.test` };
const categorySlug = `${PREFIX}-cat`;
let categoryId = 0;
/** Products by name: a to d listed from the start, e to g drafts at the end of the listing. */
const ids = new Map<string, number>();

beforeAll(async () => {
  const db = getDb();
  categoryId = (await db.category.create({ data: { slug: categorySlug, name: 'Rebalance' } })).id;
  for (const [i, name] of ['a', 'b', 'c', 'd', 'e', 'f', 'g'].entries()) {
    const product = await db.product.create({
      data: {
        slug: `${PREFIX}-${name}`,
        title: name,
        status: i < 4 ? 'ACTIVE' : 'DRAFT',
        variants: { create: { sku: `${PREFIX}-${name}`, title: 'One', price: 1000, currency: 'USD', stock: 5 } },
        categories: { create: { categoryId, position: (i + 1) * 10 } },
      },
    });
    ids.set(name, product.id);
  }
  await db.$executeRaw(rebuildListingPagesSql(2, [categoryId])); // [a, b] [c, d]
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: categorySlug } });
  await getDb().$disconnect();
});

const idOf = (name: string) => ids.get(name) ?? 0;
const listingPaths = (paths: readonly string[]) => paths.filter((path) => path.startsWith('/categories/'));

async function publish(name: string) {
  const product = await getProductForEdit(idOf(name));
  if (!product) throw new Error(`no product ${name}`);
  return commitCatalogChange(author, (scope) =>
    updateProduct(scope, idOf(name), productFormOf(product, { status: 'ACTIVE' })),
  );
}

async function pageRows() {
  return getDb().listingPage.findMany({ where: { categoryId }, orderBy: { number: 'asc' } });
}

async function shownOn(page: number): Promise<string[]> {
  return ((await getCategoryPage(categorySlug, page))?.products ?? []).map((p) => p.slug.slice(PREFIX.length + 1));
}

async function queued(paths: readonly string[]): Promise<string[]> {
  const rows = await getDb().purgeRequest.findMany({
    where: { path: { in: [...paths] } },
    select: { path: true },
    distinct: ['path'],
  });
  return rows.map((row) => row.path).sort();
}

describe('listing pages through the change road', () => {
  it('a product entering purges only the last page, and a page past twice the size is left to the worker', async () => {
    const pagesBefore = await pageRows();
    for (const name of ['e', 'f']) {
      const { paths } = await publish(name);
      expect(listingPaths(paths)).toEqual([`/categories/${categorySlug}/page/2`]);
    }
    expect(await getDb().listingRebalance.count({ where: { categoryId } })).toBe(0); // 4 on page 2: within 2P
    const { paths } = await publish('g'); // 5 on page 2: more than 2P
    expect(listingPaths(paths)).toEqual([`/categories/${categorySlug}/page/2`]);
    // Not rebalanced in the change: the pages are as they were, a request waits for the worker.
    expect(await pageRows()).toEqual(pagesBefore);
    expect(await getDb().listingRebalance.count({ where: { categoryId } })).toBe(1);
    expect(await shownOn(2)).toEqual(['c', 'd', 'e', 'f', 'g']);
  });

  it("the worker's rebalance cuts even pages and queues every page whose products changed", async () => {
    await getDb().pagePurge.deleteMany({ where: { path: { startsWith: `/categories/${categorySlug}` } } });
    await getDb().purgeRequest.deleteMany({ where: { path: { startsWith: `/categories/${categorySlug}` } } });
    expect(await rebalanceDueListings([categoryId])).toContain(categoryId);
    expect(await getDb().listingRebalance.count({ where: { categoryId } })).toBe(0);
    expect((await pageRows()).map((row) => row.number)).toEqual([1, 2, 3, 4]);
    expect([await shownOn(1), await shownOn(2), await shownOn(3), await shownOn(4)]).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g'],
    ]);
    // Page 1 kept its products; pages 2 to 4 changed (and page 2 gained a Next page further on).
    const all = [1, 2, 3, 4].map((n) =>
      n === 1 ? `/categories/${categorySlug}` : `/categories/${categorySlug}/page/${n}`,
    );
    expect(await queued(all)).toEqual(all.slice(1).sort());
    expect(await rebalanceDueListings([categoryId])).not.toContain(categoryId); // nothing asked any more
  });

  it('moving a product to the front of a category purges its old page and page 1 only', async () => {
    const { value, paths } = await commitCatalogChange(author, (scope) =>
      moveProductToFront(scope, idOf('g'), categoryId),
    );
    expect(value.position).toBe(0); // a was first at 10
    expect(listingPaths(paths)).toEqual([`/categories/${categorySlug}`, `/categories/${categorySlug}/page/4`]);
    expect(await shownOn(1)).toEqual(['g', 'a', 'b']);
    expect(await shownOn(4)).toEqual([]);
  });

  it('an emptied page that is not the only one asks for a rebalance', async () => {
    expect(await getDb().listingRebalance.count({ where: { categoryId } })).toBe(1); // page 4 emptied above
    await rebalanceDueListings([categoryId]);
    expect((await pageRows()).map((row) => row.number)).toEqual([1, 2, 3, 4]); // 7 products, 2 a page
    expect(await shownOn(1)).toEqual(['g', 'a']);
    expect(await shownOn(4)).toEqual(['f']);
  });
});
