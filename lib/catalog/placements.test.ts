/**
 * Placements against a real database: the page the purge module uses must be exactly the page
 * the storefront's category listing shows the product on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.CATEGORY_PAGE_SIZE = '2'; // small pages so a handful of products spans several

const { getDb } = await import('../db');
const { getCategoryPage } = await import('./storefront');
const { getProductPlacement } = await import('./placements');
const { rebuildListingPagesSql } = await import('./listing-rebalance');

const PREFIX = `plc-${Date.now().toString(36)}`;
const slug = (name: string) => `${PREFIX}-${name}`;

let categoryId = 0;

beforeAll(async () => {
  const db = getDb();
  const category = await db.category.create({ data: { slug: slug('cat'), name: 'Placement test' } });
  categoryId = category.id;
  // Positions tie on purpose (b and c): the listing breaks ties by product id.
  const products: [string, 'ACTIVE' | 'DRAFT', number][] = [
    ['a', 'ACTIVE', 10],
    ['draft', 'DRAFT', 15],
    ['b', 'ACTIVE', 20],
    ['c', 'ACTIVE', 20],
    ['d', 'ACTIVE', 30],
    ['e', 'ACTIVE', 40],
  ];
  for (const [name, status, position] of products) {
    await db.product.create({
      data: {
        slug: slug(name),
        title: name,
        status,
        variants: { create: { sku: slug(name), title: 'Default', price: 1000, currency: 'USD' } },
        categories: { create: { categoryId: category.id, position } },
      },
    });
  }
  // Pages of 2: [a, b] [c, d] [e]; the draft's position falls on page 1.
  await db.$executeRaw(rebuildListingPagesSql(2, [category.id]));
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

async function listedOnPage(page: number): Promise<string[]> {
  return ((await getCategoryPage(slug('cat'), page))?.products ?? []).map((p) => p.slug);
}

describe('getProductPlacement', () => {
  it('gives each visible product the page the listing shows it on', async () => {
    for (const [name, page] of [
      ['a', 1],
      ['b', 1],
      ['c', 2],
      ['d', 2],
      ['e', 3],
    ] as const) {
      const placement = await getProductPlacement(getDb(), { slug: slug(name) });
      expect(placement?.listings).toEqual([{ categoryId, categorySlug: slug('cat'), page, slot: page, pageCount: 3 }]);
      expect(await listedOnPage(page)).toContain(slug(name));
    }
  });

  it('gives a hidden product no page, but the page its position falls in and the page count', async () => {
    const placement = await getProductPlacement(getDb(), { slug: slug('draft') });
    expect(placement).toMatchObject({ visible: false, listings: [{ page: null, slot: 1, pageCount: 3 }] });
  });

  it('places a product entering the listing on the page its position falls in, moving no other product', async () => {
    const others = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((n) => getProductPlacement(getDb(), { slug: slug(n) })),
    );
    await getDb().product.update({ where: { slug: slug('draft') }, data: { status: 'ACTIVE' } });
    try {
      const entered = await getProductPlacement(getDb(), { slug: slug('draft') });
      expect(entered?.listings[0]).toMatchObject({ page: 1, pageCount: 3 });
      expect(await listedOnPage(1)).toEqual([slug('a'), slug('draft'), slug('b')]);
      const after = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((n) => getProductPlacement(getDb(), { slug: slug(n) })),
      );
      expect(after).toEqual(others);
    } finally {
      await getDb().product.update({ where: { slug: slug('draft') }, data: { status: 'DRAFT' } });
    }
  });

  it('returns null for a product that does not exist', async () => {
    expect(await getProductPlacement(getDb(), { slug: slug('nope') })).toBeNull();
  });
});

describe('getCategoryPage with listing pages', () => {
  it('shows each page its bucket, links the next page up to the last, and 404s past it', async () => {
    expect(await listedOnPage(1)).toEqual([slug('a'), slug('b')]);
    expect(await listedOnPage(2)).toEqual([slug('c'), slug('d')]);
    expect(await listedOnPage(3)).toEqual([slug('e')]);
    expect((await getCategoryPage(slug('cat'), 2))?.hasNextPage).toBe(true);
    expect((await getCategoryPage(slug('cat'), 3))?.hasNextPage).toBe(false);
    expect(await getCategoryPage(slug('cat'), 4)).toBeNull();
  });
});
