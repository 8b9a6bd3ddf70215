/**
 * Listing pages as position buckets: page n of a category shows its active products whose
 * (position, productId) lies in [first key of page n, first key of page n + 1), in that order.
 * A product entering, leaving or moving changes only the page its key falls in (two for a move),
 * whatever the listing's size; the page count changes only when the worker rebalances
 * (./listing-rebalance.ts). Why, and the trade-off: docs/purge.md, "Listing pages".
 */
import { Prisma, type PrismaClient } from '../generated/prisma/client';

type Db = PrismaClient | Prisma.TransactionClient;

/** Page 1's first key: lower than any (position, productId), so page 1 has no lower bound. */
export const LOWEST_KEY = { position: -2147483648, productId: -2147483648 } as const;
/** The bound after the last page: higher than any key a product can have. */
const HIGHEST_KEY = { position: 2147483647, productId: 2147483647 } as const;

/**
 * A page holding more than this asks for a rebalance (./listing-rebalance.ts): the worker cuts
 * the listing into even pages again.
 */
export function fullPage(pageSize: number): number {
  return 2 * pageSize;
}

/**
 * The most products one page shows. A page fuller than that (products put in a category around
 * the change road, before `npm run db:rebalance-listings`) shows its first ones and asks the
 * worker for a rebalance, which gives the others pages: a change publishing a few products shows
 * them at once, and no page is ever unbounded (a category of 50,000 products on one page exceeded
 * a statement's bind limits, P2029).
 */
export function mostOnAPage(pageSize: number): number {
  return 4 * pageSize;
}

export interface ListingKey {
  position: number;
  productId: number;
}

/** Where one page of a listing starts and ends (the end is exclusive), and how many pages it has. */
export interface ListingPageRange {
  pageCount: number;
  from: ListingKey;
  to: ListingKey;
}

interface RangeRow {
  pageCount: number;
  fromPosition: number | null;
  fromProductId: number | null;
  toPosition: number | null;
  toProductId: number | null;
}

/** The range page `page` covers, or null past the last page. A category without pages is one page. */
export async function getListingPageRange(db: Db, categoryId: number, page: number): Promise<ListingPageRange | null> {
  const [row] = await db.$queryRaw<RangeRow[]>`
    SELECT (SELECT count(*)::int FROM "ListingPage" WHERE "categoryId" = ${categoryId}) AS "pageCount",
      f."firstPosition" AS "fromPosition", f."firstProductId" AS "fromProductId",
      t."firstPosition" AS "toPosition", t."firstProductId" AS "toProductId"
    FROM (SELECT 1) AS one
    LEFT JOIN "ListingPage" f ON f."categoryId" = ${categoryId} AND f.number = ${page}
    LEFT JOIN "ListingPage" t ON t."categoryId" = ${categoryId} AND t.number = ${page + 1}`;
  const pageCount = Math.max(1, row?.pageCount ?? 0);
  if (!row || page < 1 || page > pageCount) return null;
  const from =
    page === 1 || row.fromPosition === null || row.fromProductId === null
      ? LOWEST_KEY
      : { position: row.fromPosition, productId: row.fromProductId };
  const to =
    row.toPosition === null || row.toProductId === null
      ? HIGHEST_KEY
      : { position: row.toPosition, productId: row.toProductId };
  return { pageCount, from, to };
}

/**
 * The listing query: the active products of one key range, in listing order, read as one range
 * of the (categoryId, position, productId) index with each product's status looked up as it goes
 * (the LATERAL ... OFFSET 0 keeps the planner from joining every product of the shop): no sort,
 * no OFFSET, so a deep page costs what page 1 costs. Exported for the EXPLAIN test.
 */
export function listingRangeQuery(categoryId: number, range: Omit<ListingPageRange, 'pageCount'>, limit?: number) {
  const { from, to } = range;
  return Prisma.sql`
    SELECT pc."productId" AS id
    FROM "ProductCategory" pc
    CROSS JOIN LATERAL (SELECT p.status FROM "Product" p WHERE p.id = pc."productId" OFFSET 0) AS product
    WHERE pc."categoryId" = ${categoryId}
      AND (pc.position, pc."productId") >= (${from.position}::int, ${from.productId}::int)
      AND (pc.position, pc."productId") < (${to.position}::int, ${to.productId}::int)
      AND product.status = 'ACTIVE'
    ORDER BY pc.position, pc."productId"
    ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`;
}

/** The ids of the products a page shows, in listing order (at most `limit` when given). */
export async function listingRangeIds(
  db: Db,
  categoryId: number,
  range: Omit<ListingPageRange, 'pageCount'>,
  limit?: number,
): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>(listingRangeQuery(categoryId, range, limit));
  return rows.map((row) => row.id);
}
