/**
 * Placements against a real database: the index the purge module uses must be exactly where
 * the storefront's category listing shows the product.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageOfIndex } from '../storefront/paths';

process.env.CATEGORY_PAGE_SIZE = '2'; // small pages so a handful of products spans several

const { getDb } = await import('../db');
const { getCategoryPage } = await import('./storefront');
const { getProductPlacement } = await import('./placements');

const PREFIX = `plc-${Date.now().toString(36)}`;
const slug = (name: string) => `${PREFIX}-${name}`;

beforeAll(async () => {
  const db = getDb();
  const category = await db.category.create({ data: { slug: slug('cat'), name: 'Placement test' } });
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
  it('gives each visible product the index at which the listing shows it', async () => {
    for (const [name, expectedIndex] of [
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ] as const) {
      const placement = await getProductPlacement(getDb(), { slug: slug(name) });
      const listing = placement?.listings[0];
      expect(listing).toEqual({ categorySlug: slug('cat'), index: expectedIndex, listingSize: 5 });
      const page = pageOfIndex(expectedIndex, 2);
      expect(await listedOnPage(page)).toContain(slug(name));
    }
  });

  it('gives a hidden product no index but the listing size', async () => {
    const placement = await getProductPlacement(getDb(), { slug: slug('draft') });
    expect(placement).toMatchObject({ visible: false, listings: [{ index: null, listingSize: 5 }] });
  });

  it('returns null for a product that does not exist', async () => {
    expect(await getProductPlacement(getDb(), { slug: slug('nope') })).toBeNull();
  });
});
