import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../lib/db';
import { withOwnDatabase } from '../../testing/own-database';
import { SAMPLE_CATALOG_COUNTS } from './catalog';
import { addGeneratedProducts } from './generated-products';
import { seedDatabase } from './seed-database';
import { getEnv } from '../../lib/env';

// The seed truncates the catalog: not in the database other test files share.
withOwnDatabase();

const TOTAL = SAMPLE_CATALOG_COUNTS.products + 1_000;
const lines: string[] = [];
let added = 0;

beforeAll(async () => {
  await seedDatabase(getDb());
  added = await addGeneratedProducts(getDb(), TOTAL, { batchSize: 300, log: (line) => lines.push(line) });
});

afterAll(async () => {
  await getDb().$disconnect();
});

const count = async (sql: string) => Number((await getDb().$queryRawUnsafe<{ n: bigint }[]>(sql))[0]?.n);

describe('generated products (npm run db:seed -- --products N)', () => {
  it('tops the catalog up to N in batches, reporting each', async () => {
    expect(added).toBe(1_000);
    expect(await getDb().product.count()).toBe(TOTAL);
    expect(lines).toHaveLength(5); // 300 + 300 + 300 + 100, then the listing pages
    expect(lines.at(-2)).toMatch(/\[#{20}\] 1000\/1000/);
    expect(await addGeneratedProducts(getDb(), TOTAL)).toBe(0); // already there
  });

  it('gives each one variant, one picture of its category and one listing place after the sample products', async () => {
    const generated = `SELECT id FROM "Product" WHERE slug LIKE 'generated-%'`;
    expect(await count(`SELECT count(*) AS n FROM "Variant" WHERE "productId" IN (${generated})`)).toBe(1_000);
    expect(await count(`SELECT count(*) AS n FROM "ProductImage" WHERE "productId" IN (${generated})`)).toBe(1_000);
    expect(
      await count(`SELECT count(*) AS n FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId"
        JOIN "ProductImage" i ON i."productId" = pc."productId"
        WHERE pc."productId" IN (${generated}) AND i.url LIKE '/images/products/' || c.slug || '-%.webp'`),
    ).toBe(1_000);
    // Every generated product comes after every sample product of its listing, in a place of its own.
    expect(
      await count(`SELECT count(*) AS n FROM "ProductCategory" g JOIN "ProductCategory" s USING ("categoryId")
        WHERE g."productId" IN (${generated}) AND s."productId" NOT IN (${generated}) AND g.position <= s.position`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM (SELECT "categoryId", position FROM "ProductCategory"
        GROUP BY 1, 2 HAVING count(*) > 1) AS shared`),
    ).toBe(0);
  });

  it('cuts every listing into pages of CATEGORY_PAGE_SIZE, the generated products included', async () => {
    const pageSize = getEnv().CATEGORY_PAGE_SIZE;
    const pages = await getDb().$queryRaw<{ slug: string; rows: number; active: number }[]>`
      SELECT c.slug, (SELECT count(*) FROM "ListingPage" lp WHERE lp."categoryId" = c.id)::int AS rows,
        (SELECT count(*) FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
          WHERE pc."categoryId" = c.id)::int AS active
      FROM "Category" c`;
    for (const { slug, rows, active } of pages) expect(rows, slug).toBe(Math.max(1, Math.ceil(active / pageSize)));
  });

  it('makes product n from n alone, so two seeds agree', async () => {
    const variant = await getDb().variant.findUniqueOrThrow({ where: { sku: 'GEN-7' } });
    expect(variant).toMatchObject({ price: 500 + ((7 * 7919) % 19500), currency: 'USD', stock: (7 * 31) % 120 });
    const product = await getDb().product.findUniqueOrThrow({ where: { slug: 'generated-7' } });
    expect(product).toMatchObject({ title: 'Generated item 7', status: 'ACTIVE', featured: false });
  });

  it('refuses a count it will not make', async () => {
    await expect(addGeneratedProducts(getDb(), 1_000_001)).rejects.toThrow('up to 1000000');
  });
});
