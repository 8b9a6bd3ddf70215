/**
 * Where products and categories appear, in the shape the purge module needs. Call these
 * inside the same transaction as a write (before and after it) so the two snapshots are exact.
 */
import { getDb } from '../db';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { CategoryPlacement, Listing, ProductChange, ProductPlacement } from '../revalidation/paths-for-change';

type Db = PrismaClient | Prisma.TransactionClient;

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

/** A category's placement, or null when it does not exist. */
export async function getCategoryPlacement(
  db: Db,
  where: { id: number } | { slug: string },
): Promise<CategoryPlacement | null> {
  const category = await db.category.findUnique({
    where,
    select: {
      slug: true,
      products: { where: { product: { status: 'ACTIVE' } }, select: { product: { select: { slug: true } } } },
    },
  });
  if (!category) return null;
  const productSlugs = category.products.map((link) => link.product.slug);
  return { slug: category.slug, listingSize: productSlugs.length, productSlugs };
}

/**
 * Call after the commit: the product's placement now, as a change from the in-transaction
 * `after` snapshot. A save that committed right after ours may have shifted the listings our
 * snapshot saw (rows it did not lock); purging this change too covers the pages as they are now.
 */
export async function getChangeSinceCommit(id: number, committed: ProductPlacement | null): Promise<ProductChange> {
  return { kind: 'product', before: committed, after: await getProductPlacement(getDb(), { id }) };
}
