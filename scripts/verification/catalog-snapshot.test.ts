/**
 * The consistency check's reading of the catalog: every product in scope, read a block at a time
 * (a large category's products are more than one statement may bind), in id order, with what its
 * pages must show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../lib/db';
import { readCatalogSnapshot } from './catalog-snapshot';

const PREFIX = `snap-${Date.now().toString(36)}`;
const PRODUCTS = 7;
let categoryId = 0;

beforeAll(async () => {
  const db = getDb();
  const category = await db.category.create({ data: { slug: `${PREFIX}-c`, name: 'Snapshot' } });
  categoryId = category.id;
  for (let n = 1; n <= PRODUCTS; n += 1) {
    const product = await db.product.create({
      data: {
        slug: `${PREFIX}-p${n}`,
        title: `Product ${n}`,
        status: n === 4 ? 'DRAFT' : 'ACTIVE',
        categories: { create: { categoryId, position: PRODUCTS - n } },
        variants: {
          create: [
            { sku: `${PREFIX}-p${n}-b`, title: 'B', price: 1000 + n, currency: 'EUR', position: 2, stock: 3 },
            { sku: `${PREFIX}-p${n}-a`, title: 'A', price: 2000 + n, currency: 'EUR', position: 1, stock: 0 },
          ],
        },
      },
    });
    if (n === PRODUCTS) {
      // One listing page, from the lowest position (the last product's).
      await db.listingPage.create({
        data: { categoryId, number: 1, firstPosition: 0, firstProductId: product.id },
      });
    }
  }
});

afterAll(async () => {
  const db = getDb();
  await db.product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await db.category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
});

describe('readCatalogSnapshot', () => {
  it.each([1, 3, 7, 8])('reads every product of a category in id order, %i a block', async (perBlock) => {
    const whole = await readCatalogSnapshot({ categorySlugs: [`${PREFIX}-c`] });
    const inBlocks = await readCatalogSnapshot({ categorySlugs: [`${PREFIX}-c`] }, perBlock);
    expect(inBlocks).toEqual(whole);
    expect(inBlocks.categories).toEqual([`${PREFIX}-c`]);
    expect(inBlocks.products.map((product) => product.slug)).toEqual(
      Array.from({ length: PRODUCTS }, (_, i) => `${PREFIX}-p${i + 1}`),
    );
    const third = inBlocks.products[2];
    expect(third).toMatchObject({ status: 'ACTIVE', categorySlugs: [`${PREFIX}-c`] });
    expect(third?.variants.map((v) => [v.sku, v.price.amount, v.inStock])).toEqual([
      [`${PREFIX}-p3-a`, 2003, false],
      [`${PREFIX}-p3-b`, 1003, true],
    ]);
    expect(inBlocks.products[3]?.status).toBe('DRAFT');
  });

  it('reads, a block at a time, the products of the listings a product is in', async () => {
    const snapshot = await readCatalogSnapshot({ productSlugs: [`${PREFIX}-p2`] }, 2);
    expect(snapshot.productPages).toEqual([`${PREFIX}-p2`]);
    expect(snapshot.products.map((product) => product.slug)).toEqual(
      Array.from({ length: PRODUCTS }, (_, i) => `${PREFIX}-p${i + 1}`),
    );
  });
});
