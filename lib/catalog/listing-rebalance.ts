/**
 * Keeping listing pages (./listing-pages.ts) between bounds. A change that lets a page grow past
 * twice the page size, or empties a page that is not the only one, only asks for a rebalance
 * (one row, in the change's transaction); the worker recomputes the category's pages later, with the
 * listing locked, and purges every page whose products changed (lib/changes/rebalance-listings.ts).
 */
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { getListingPageRange, listingRangeIds, LOWEST_KEY, fullPage } from './listing-pages';

type Db = PrismaClient | Prisma.TransactionClient;

/** One page a change put a product on or took it from. */
export interface TouchedPage {
  categoryId: number;
  page: number;
}

/**
 * Asks the worker to rebalance each category where one of `pages` now holds more than twice
 * `pageSize` active products, or none while it is not the only page. Reads at most 2P+1 rows a
 * page. Returns the categories asked for.
 */
export async function requestRebalancesFor(db: Db, pages: readonly TouchedPage[], pageSize: number) {
  const due = new Set<number>();
  for (const key of new Set(pages.map((p) => `${p.categoryId}:${p.page}`))) {
    const [categoryId, page] = key.split(':').map(Number) as [number, number];
    if (due.has(categoryId)) continue;
    const range = await getListingPageRange(db, categoryId, page);
    if (!range) continue;
    const shown = (await listingRangeIds(db, categoryId, range, fullPage(pageSize) + 1)).length;
    if (shown > fullPage(pageSize) || (shown === 0 && range.pageCount > 1)) due.add(categoryId);
  }
  for (const categoryId of due) await askForRebalance(db, categoryId);
  return [...due];
}

/** Asks the worker to rebalance a category: one row, taken on its next drain pass; a request already waiting stands. */
export async function askForRebalance(db: Db, categoryId: number): Promise<void> {
  await db.$executeRaw`INSERT INTO "ListingRebalance" ("categoryId") VALUES (${categoryId}) ON CONFLICT DO NOTHING`;
}

/** The categories waiting for a rebalance (of `only`, if given), oldest request first. */
export async function listDueRebalances(db: Db, limit: number, only?: readonly number[]): Promise<number[]> {
  const rows = await db.listingRebalance.findMany({
    where: only ? { categoryId: { in: [...only] } } : {},
    orderBy: { requestedAt: 'asc' },
    take: limit,
    select: { categoryId: true },
  });
  return rows.map((row) => row.categoryId);
}

/** Takes a category's request (true when this caller got it; a second worker gets false). */
export async function takeRebalanceRequest(db: Db, categoryId: number): Promise<boolean> {
  return (await db.$executeRaw`DELETE FROM "ListingRebalance" WHERE "categoryId" = ${categoryId}`) > 0;
}

/**
 * Recomputes a category's pages evenly, `pageSize` active products each, and returns the numbers
 * of every page whose products or neighbours changed: a product on another page than before,
 * and, when the page count changes, every page from the shorter count's last page on (its Next
 * link, or the page itself, appears or goes). The caller holds the listing's lock.
 */
export async function rebalanceListing(db: Db, categoryId: number, pageSize: number): Promise<number[]> {
  const [moved] = await db.$queryRaw<{ pages: number[]; before: number; after: number }[]>`
    WITH listed AS (
      SELECT pc.position, pc."productId",
        (row_number() OVER (ORDER BY pc.position, pc."productId") - 1)::int AS i
      FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
      WHERE pc."categoryId" = ${categoryId}),
    placed AS (
      SELECT listing_page_of(${categoryId}, position, "productId") AS old, i / ${pageSize}::int + 1 AS new FROM listed)
    SELECT coalesce((SELECT array_agg(DISTINCT page) FROM placed, unnest(ARRAY[old, new]) AS page WHERE old <> new),
        '{}') AS pages,
      greatest(1, (SELECT count(*) FROM "ListingPage" WHERE "categoryId" = ${categoryId}))::int AS before,
      greatest(1, ceil((SELECT count(*) FROM listed)::numeric / ${pageSize}::int))::int AS after`;
  await db.$executeRaw`DELETE FROM "ListingPage" WHERE "categoryId" = ${categoryId}`;
  await db.$executeRaw(rebuildListingPagesSql(pageSize, [categoryId]));
  const pages = new Set(moved?.pages ?? []);
  const [before, after] = [moved?.before ?? 1, moved?.after ?? 1];
  if (before !== after) for (let n = Math.min(before, after); n <= Math.max(before, after); n++) pages.add(n);
  return [...pages].sort((a, b) => a - b);
}

/**
 * Inserts even pages (`pageSize` active products each) for the categories given, or for every
 * category: one INSERT ... SELECT, so the seed places 100,000 products at once. The categories
 * must have no pages yet.
 */
export function rebuildListingPagesSql(pageSize: number, categoryIds: readonly number[] | null): Prisma.Sql {
  const which = categoryIds === null ? Prisma.sql`TRUE` : Prisma.sql`c.id = ANY(${categoryIds}::int[])`;
  const only = categoryIds === null ? Prisma.sql`TRUE` : Prisma.sql`pc."categoryId" = ANY(${categoryIds}::int[])`;
  return Prisma.sql`
    INSERT INTO "ListingPage" ("categoryId", number, "firstPosition", "firstProductId")
    SELECT c.id, coalesce(l.number, 1),
      CASE WHEN coalesce(l.number, 1) = 1 THEN ${LOWEST_KEY.position}::int ELSE l.position END,
      CASE WHEN coalesce(l.number, 1) = 1 THEN ${LOWEST_KEY.productId}::int ELSE l."productId" END
    FROM "Category" c
    LEFT JOIN (
      SELECT pc."categoryId", pc.position, pc."productId",
        (row_number() OVER w - 1)::int / ${pageSize}::int + 1 AS number,
        (row_number() OVER w - 1)::int % ${pageSize}::int AS k
      FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
      WHERE ${only}
      WINDOW w AS (PARTITION BY pc."categoryId" ORDER BY pc.position, pc."productId")
    ) l ON l."categoryId" = c.id AND l.k = 0
    WHERE ${which}`;
}

/** Replaces every category's pages with even ones (the seed, and after CATEGORY_PAGE_SIZE changed). */
export async function rebuildAllListingPages(db: Db, pageSize: number): Promise<void> {
  await db.$executeRaw`DELETE FROM "ListingPage"`;
  await db.$executeRaw(rebuildListingPagesSql(pageSize, null));
}
