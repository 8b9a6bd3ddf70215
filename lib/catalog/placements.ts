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
  categorySlug: string;
  listingSize: number;
  rank: number;
}

/** A product's placement, or null when it does not exist. */
export async function getProductPlacement(
  db: Db,
  where: { id: number } | { slug: string },
): Promise<ProductPlacement | null> {
  const product = await db.product.findUnique({
    where,
    select: { id: true, slug: true, status: true, featured: true },
  });
  if (!product) return null;
  const visible = product.status === 'ACTIVE';
  // Listings are ordered by (position, productId); a product's index is how many visible
  // products sort before it in that order.
  const rows = await db.$queryRaw<ListingRow[]>`
    SELECT c.slug AS "categorySlug",
      (SELECT count(*)::int FROM "ProductCategory" o JOIN "Product" p ON p.id = o."productId"
        WHERE o."categoryId" = pc."categoryId" AND p.status = 'ACTIVE') AS "listingSize",
      (SELECT count(*)::int FROM "ProductCategory" o JOIN "Product" p ON p.id = o."productId"
        WHERE o."categoryId" = pc."categoryId" AND p.status = 'ACTIVE'
          AND (o.position, o."productId") < (pc.position, pc."productId")) AS "rank"
    FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId"
    WHERE pc."productId" = ${product.id}
    ORDER BY c.slug`;
  const listings: Listing[] = rows.map((row) => ({
    categorySlug: row.categorySlug,
    index: visible ? row.rank : null,
    listingSize: row.listingSize,
  }));
  return { slug: product.slug, visible, featured: product.featured, listings };
}
