/**
 * Where a product appears, in the shape the purge decider (lib/revalidation/paths-for-change.ts)
 * reads. The change road takes it inside the change's transaction, before and after the write,
 * with the product's listings locked, so the two snapshots are exact.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';

type Db = PrismaClient | Prisma.TransactionClient;

/** A product's place in one category listing (listing pages: ./listing-pages.ts). */
export interface Listing {
  categoryId: number;
  categorySlug: string;
  /** The page that shows the product; null when it is not listed (not active). */
  page: number | null;
  /** The page its (position, productId) falls in, shown or not: where it appears once active. */
  slot: number;
  /** How many pages the listing has (only a rebalance changes it). */
  pageCount: number;
}

/** Everything about a product that decides where it appears. */
export interface ProductPlacement {
  id: number;
  slug: string;
  /** Shown to shoppers at all (status ACTIVE). */
  visible: boolean;
  featured: boolean;
  listings: Listing[];
}

interface ListingRow {
  productId: number;
  categoryId: number;
  categorySlug: string;
  slot: number;
  pageCount: number;
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
 * whatever the number of products: one read of the products and one bucket lookup per listing
 * row (an index descent in ListingPage), nothing that grows with the listing's size.
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
      categoryId: row.categoryId,
      categorySlug: row.categorySlug,
      page: visible ? row.slot : null,
      slot: row.slot,
      pageCount: row.pageCount,
    }));
    placements.set(product.id, { id: product.id, slug: product.slug, visible, featured: product.featured, listings });
  }
  return placements;
}

/**
 * The placements of products whose listings cannot have moved since `known` was read (their
 * listings are locked against writers that move products, and the change itself moved none):
 * the product's own fields are read again, its listings kept. A product whose visibility did
 * change anyway is placed afresh, so the answer is exact either way; only the listing lookups
 * are saved.
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

/** Each listing row of the products: the page its key falls in and its listing's page count. */
function listingRows(db: Db, ids: readonly number[]): Promise<ListingRow[]> {
  return db.$queryRaw<ListingRow[]>`
    WITH mine AS (
      SELECT pc."productId", pc."categoryId", pc.position FROM "ProductCategory" pc WHERE pc."productId" = ANY(${ids}::int[])
    ), counts AS (
      SELECT lp."categoryId", count(*)::int AS pages FROM "ListingPage" lp
      WHERE lp."categoryId" IN (SELECT DISTINCT "categoryId" FROM mine) GROUP BY lp."categoryId"
    )
    SELECT m."productId", m."categoryId", c.slug AS "categorySlug",
      listing_page_of(m."categoryId", m.position, m."productId") AS slot,
      greatest(1, coalesce(n.pages, 0))::int AS "pageCount"
    FROM mine m JOIN "Category" c ON c.id = m."categoryId" LEFT JOIN counts n ON n."categoryId" = m."categoryId"
    ORDER BY m."productId", c.slug`;
}
