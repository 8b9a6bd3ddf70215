/**
 * Where a product appears, in the shape the purge decider (lib/revalidation/paths-for-change.ts)
 * reads. The change road takes it inside the change's transaction, before and after the write,
 * with the product's listings locked, so the two snapshots are exact.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';

type Db = PrismaClient | Prisma.TransactionClient;

/** A product's place in one category listing. `index` is null when the product is not listed (not active). */
export interface Listing {
  categorySlug: string;
  index: number | null;
  /** How many products the listing shows in total. */
  listingSize: number;
}

/** Everything about a product that decides where it appears. */
export interface ProductPlacement {
  slug: string;
  /** Shown to shoppers at all (status ACTIVE). */
  visible: boolean;
  featured: boolean;
  listings: Listing[];
}

interface ListingRow {
  productId: number;
  categorySlug: string;
  listingSize: number;
  /** How many listed products sort before this one; null when it is not listed itself. */
  rank: number | null;
}

/** A product's placement, or null when it does not exist. */
export async function getProductPlacement(
  db: Db,
  where: { id: number } | { slug: string },
): Promise<ProductPlacement | null> {
  const product = await db.product.findUnique({ where, select: { id: true } });
  if (!product) return null;
  return (await getProductPlacements(db, [product.id])).get(product.id) ?? null;
}

/**
 * The placements of many products at once, keyed by id (a missing id did not exist). Set-based
 * whatever the number of products: one read of the products and one pass over each of their
 * listings through the (categoryId, position, productId) index, so a bulk change of a whole
 * category costs one listing scan, not two scans of the catalog per product.
 */
export async function getProductPlacements(db: Db, ids: readonly number[]): Promise<Map<number, ProductPlacement>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const products = await db.product.findMany({
    where: { id: { in: unique } },
    select: { id: true, slug: true, status: true, featured: true },
  });
  const rows = products.length > 0 ? await listingRows(db, unique) : [];
  const rowsOf = new Map<number, ListingRow[]>();
  for (const row of rows) rowsOf.set(row.productId, [...(rowsOf.get(row.productId) ?? []), row]);
  const placements = new Map<number, ProductPlacement>();
  for (const product of products) {
    const visible = product.status === 'ACTIVE';
    const listings = (rowsOf.get(product.id) ?? []).map((row) => ({
      categorySlug: row.categorySlug,
      index: visible ? row.rank : null,
      listingSize: row.listingSize,
    }));
    placements.set(product.id, { slug: product.slug, visible, featured: product.featured, listings });
  }
  return placements;
}

/**
 * The placements of products whose listings cannot have moved since `known` was read (their
 * listings are locked against writers that move products, and the change itself moved none):
 * the product's own fields are read again, its listings kept. A product whose visibility did
 * change anyway is placed afresh, so the answer is exact either way; only the listing scans,
 * the costly part at a large category's size, are saved.
 */
export async function getPlacementsOfUnmoved(
  db: Db,
  known: ReadonlyMap<number, ProductPlacement>,
): Promise<Map<number, ProductPlacement>> {
  const ids = [...known.keys()];
  if (ids.length === 0) return new Map();
  const products = await db.product.findMany({
    where: { id: { in: ids } },
    select: { id: true, slug: true, status: true, featured: true },
  });
  const placements = new Map<number, ProductPlacement>();
  const moved: number[] = [];
  for (const product of products) {
    const before = known.get(product.id);
    const visible = product.status === 'ACTIVE';
    if (!before || before.visible !== visible) moved.push(product.id);
    else placements.set(product.id, { ...before, slug: product.slug, featured: product.featured });
  }
  for (const [id, placement] of await getProductPlacements(db, moved)) placements.set(id, placement);
  return placements;
}

/**
 * Listings are ordered by (position, productId); a listed product's index is its row number
 * among the active products of that order. Every listing the products are in is numbered once.
 */
function listingRows(db: Db, ids: readonly number[]): Promise<ListingRow[]> {
  return db.$queryRaw<ListingRow[]>`
    WITH mine AS (
      SELECT pc."productId", pc."categoryId" FROM "ProductCategory" pc WHERE pc."productId" = ANY(${ids}::int[])
    ), listed AS (
      SELECT o."productId", o."categoryId",
        (row_number() OVER (PARTITION BY o."categoryId" ORDER BY o.position, o."productId") - 1)::int AS rank,
        count(*) OVER (PARTITION BY o."categoryId")::int AS size
      FROM "ProductCategory" o JOIN "Product" p ON p.id = o."productId" AND p.status = 'ACTIVE'
      WHERE o."categoryId" IN (SELECT DISTINCT "categoryId" FROM mine)
    ), sizes AS (
      SELECT "categoryId", max(size) AS size FROM listed GROUP BY "categoryId"
    )
    SELECT m."productId", c.slug AS "categorySlug", coalesce(s.size, 0)::int AS "listingSize", l.rank
    FROM mine m JOIN "Category" c ON c.id = m."categoryId"
      LEFT JOIN sizes s ON s."categoryId" = m."categoryId"
      LEFT JOIN listed l ON l."productId" = m."productId" AND l."categoryId" = m."categoryId"
    ORDER BY m."productId", c.slug`;
}
