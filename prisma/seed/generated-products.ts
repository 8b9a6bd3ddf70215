/**
 * Tops the sample catalog up to a given number of products, for large-catalog work
 * (`npm run db:seed -- --products 100000`). Product `n` is named, priced, stocked, pictured and
 * placed from `n` alone: one variant and one picture each (a sample picture of its category),
 * spread round-robin over the sample categories and listed after the sample products. Set-based:
 * one INSERT ... SELECT chain per batch (each batch its own transaction), so 100,000 products
 * take seconds where one row at a time would take minutes.
 */
import { rebuildAllListingPages } from '../../lib/catalog/listing-rebalance';
import { getEnv } from '../../lib/env';
import type { PrismaClient } from '../../lib/generated/prisma/client';
import { SAMPLE_CATALOG_COUNTS, SAMPLE_IMAGE_SIZE, SAMPLE_IMAGE_URL_PREFIX } from './catalog';
import { SEED_EPOCH } from './seed-database';

/** Generated products' slugs are `generated-<n>`, their variants' SKUs `GEN-<n>`. */
export const GENERATED_SLUG_PREFIX = 'generated-';

/** The most a seed makes: far beyond any benchmark here, well within one PostgreSQL's reach. */
export const MAX_SEEDED_PRODUCTS = 1_000_000;

export interface GenerateOptions {
  /** Products per transaction. */
  batchSize?: number;
  /** Receives one progress line per batch. */
  log?: (line: string) => void;
  /** Products per listing page (CATEGORY_PAGE_SIZE). */
  pageSize?: number;
}

/** Adds generated products until the catalog has `total`; returns how many it added. */
export async function addGeneratedProducts(
  db: PrismaClient,
  total: number,
  { batchSize = 10_000, log = () => {}, pageSize = getEnv().CATEGORY_PAGE_SIZE }: GenerateOptions = {},
): Promise<number> {
  if (!Number.isInteger(total) || total > MAX_SEEDED_PRODUCTS) {
    throw new Error(`--products must be a whole number up to ${MAX_SEEDED_PRODUCTS}`);
  }
  if ((await db.category.count()) === 0) throw new Error('generated products need the sample categories');
  const existing = await db.product.count();
  const wanted = total - existing;
  if (wanted <= 0) return 0;
  // After every product already listed, so the sample listings keep their first pages.
  const [{ last } = { last: 0 }] = await db.$queryRaw<{ last: number }[]>`
    SELECT coalesce(max(position), 0)::int AS last FROM "ProductCategory"`;
  const started = performance.now();
  let added = 0;
  for (let first = 1; first <= wanted; first += batchSize) {
    const lastOfBatch = Math.min(wanted, first + batchSize - 1);
    added += await insertBatch(db, first, lastOfBatch, last);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`seed: generated products ${progressBar(added / wanted)} ${added}/${wanted} (${seconds}s)`);
  }
  // The generated products land after every listed one: the listing pages are cut again, set-based.
  await rebuildAllListingPages(db, pageSize);
  log(`seed: listing pages (${((performance.now() - started) / 1000).toFixed(1)}s)`);
  await db.$executeRawUnsafe('ANALYZE "Product", "Variant", "ProductImage", "ProductCategory", "ListingPage"');
  return added;
}

async function insertBatch(db: PrismaClient, first: number, last: number, afterPosition: number): Promise<number> {
  const rows = await db.$queryRaw<{ products: number }[]>`
    WITH categories AS (
      SELECT id, slug, (row_number() OVER (ORDER BY position, id) - 1)::int AS k, count(*) OVER ()::int AS count
      FROM "Category"),
    made AS (
      INSERT INTO "Product" (slug, title, description, status, featured, "createdAt", "updatedAt")
      SELECT ${GENERATED_SLUG_PREFIX} || n, 'Generated item ' || n,
        'A generated product for large-catalog work (npm run db:seed -- --products N).',
        'ACTIVE', false, ${SEED_EPOCH}, ${SEED_EPOCH}
      FROM generate_series(${first}::int, ${last}::int) AS n
      RETURNING id, substring(slug FROM ${GENERATED_SLUG_PREFIX.length + 1}::int)::int AS n),
    placed AS (
      SELECT made.id, made.n, categories.id AS category_id, categories.slug AS category_slug
      FROM made JOIN categories ON categories.k = made.n % categories.count),
    variants AS (
      INSERT INTO "Variant" ("productId", sku, title, price, currency, stock, position, "createdAt", "updatedAt")
      SELECT id, 'GEN-' || n, 'Default', 500 + (n * 7919) % 19500, 'USD', (n * 31) % 120, 0, ${SEED_EPOCH}, ${SEED_EPOCH}
      FROM placed RETURNING 1),
    images AS (
      INSERT INTO "ProductImage" ("productId", url, alt, width, height, position)
      -- sampleImageFileName(category, n): the sample pictures of the product's category
      SELECT id, ${SAMPLE_IMAGE_URL_PREFIX} || category_slug || '-' || (1 + n % ${SAMPLE_CATALOG_COUNTS.imagesPerCategory}) || '.webp',
        'Generated item ' || n, ${SAMPLE_IMAGE_SIZE}, ${SAMPLE_IMAGE_SIZE}, 0
      FROM placed RETURNING 1),
    listed AS (
      INSERT INTO "ProductCategory" ("productId", "categoryId", position)
      SELECT id, category_id, ${afterPosition} + n * 10 FROM placed RETURNING 1)
    SELECT (SELECT count(*) FROM placed)::int AS products`;
  return rows[0]?.products ?? 0;
}

function progressBar(done: number, width = 20): string {
  const filled = Math.round(done * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
