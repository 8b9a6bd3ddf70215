/**
 * The fan-out benchmark's own category: `bench-fanout` with N ACTIVE products `bench-00001`...
 * (one USD variant each), written straight to the shop's database once and reused by later runs.
 * Nothing links to them but the category, and the home page never shows them (not featured).
 */
import { rebuildListingPagesSql } from '../../../lib/catalog/listing-rebalance';
import { getDb } from '../../../lib/db';
import { getEnv } from '../../../lib/env';

export const BENCH_CATEGORY_SLUG = 'bench-fanout';

const benchSlug = (n: number) => `bench-${String(n).padStart(5, '0')}`;

/** Makes sure the bench category holds products 1..count; returns its id and how many were added. */
export async function ensureBenchCatalog(count: number): Promise<{ categoryId: number; created: number }> {
  const db = getDb();
  const category = await db.category.upsert({
    where: { slug: BENCH_CATEGORY_SLUG },
    create: {
      slug: BENCH_CATEGORY_SLUG,
      name: 'Bench fan-out',
      description: 'Made by npm run bench:bulk-fanout.',
      position: 10_000,
    },
    update: {},
  });
  const wanted = Array.from({ length: count }, (_, i) => benchSlug(i + 1));
  const existing = await db.product.findMany({ where: { slug: { in: wanted } }, select: { slug: true } });
  const have = new Set(existing.map((p) => p.slug));
  const missing = wanted.filter((slug) => !have.has(slug));
  if (missing.length === 0) return { categoryId: category.id, created: 0 };
  await db.$transaction(
    async (tx) => {
      await tx.product.createMany({
        data: missing.map((slug) => ({ slug, title: `Bench product ${slug.slice(6)}`, status: 'ACTIVE' as const })),
      });
      const rows = await tx.product.findMany({ where: { slug: { in: missing } }, select: { id: true, slug: true } });
      await tx.variant.createMany({
        data: rows.map((row) => ({
          productId: row.id,
          sku: row.slug.toUpperCase(),
          title: 'Default',
          price: 1_000 + (Number(row.slug.slice(6)) % 90) * 100,
          currency: 'USD',
          stock: 100,
        })),
      });
      await tx.productCategory.createMany({
        data: rows.map((row) => ({ productId: row.id, categoryId: category.id, position: Number(row.slug.slice(6)) })),
      });
      // Cut into listing pages as the seed cuts (written straight to the database, the products
      // skip the change road that would ask the worker to): a page of 1,000 cards is no listing.
      await tx.listingPage.deleteMany({ where: { categoryId: category.id } });
      await tx.$executeRaw(rebuildListingPagesSql(getEnv().CATEGORY_PAGE_SIZE, [category.id]));
    },
    { timeout: 120_000 },
  );
  return { categoryId: category.id, created: missing.length };
}
