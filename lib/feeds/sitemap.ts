/**
 * sitemap.xml: home, every listing page and every product shoppers can see, each with the time
 * the data it shows last changed (`lastmod`), so crawlers fetch what changed. Past 50,000 URLs
 * (the sitemaps.org limit) /sitemap.xml is an index of /sitemaps/<n>.xml files of 50,000 each.
 *
 * It is built in pieces (lib/storefront/paths.ts `SitemapPiece`): home, one category's listing
 * pages, the product pages of a piece of ids. A change rebuilds the pieces holding the pages it
 * touches, with queries bounded by the piece, and the files are put together from the stored
 * pieces when served (lib/feeds/stored-documents.ts).
 */
import { getDb } from '../db';
import { Prisma } from '../generated/prisma/client';
import {
  categoryPath,
  HOME_PATH,
  productPath,
  pieceIds,
  SITEMAP_PIECE_PRODUCTS,
  SITEMAP_PATH,
  sitemapFilePath,
  type SitemapPiece,
} from '../storefront/paths';
import { element } from './xml';

/** sitemaps.org: at most 50,000 URLs (and 50 MB) per file. */
export const SITEMAP_MAX_URLS = 50_000;

export interface SitemapEntry {
  path: string;
  lastmod: Date;
}

/**
 * The pages of one piece with the time what each shows last changed: the last change the purge
 * decider queued the page for (a product entering, leaving or changing on it), or, for a page no
 * change has queued since the outbox existed, the newest data among the products (and category)
 * it shows.
 */
export async function sitemapPieceEntries(piece: SitemapPiece): Promise<SitemapEntry[]> {
  if (piece.kind === 'category') return listingPageEntries(piece.categoryId);
  return datedByChanges(piece.kind === 'home' ? await homeFromData() : await productPagesFromData(piece.piece));
}

/**
 * Once a change queued a page, only changes move its lastmod: every change to what a page shows
 * queues it (and its piece), while some writes that show nowhere (a sale's version bump) move
 * updatedAt and queue nothing, so a piece built later would date the page by them.
 */
async function datedByChanges(fromData: FromData, changedAt?: Map<string, Date>): Promise<SitemapEntry[]> {
  const changed = changedAt ?? (await lastQueuedAt(fromData.map((entry) => entry.path)));
  return fromData.map(({ path, lastmod }) => ({ path, lastmod: changed.get(path) ?? lastmod ?? new Date(0) }));
}

/**
 * A category's listing pages. Reading their products' data is one pass over the whole category
 * (0.46 s at 50,000 products, and a bulk change queues the piece again with every batch), so it
 * is read only when some page has never been queued by a change and needs it.
 */
async function listingPageEntries(categoryId: number): Promise<SitemapEntry[]> {
  const paths = await listingPagePaths(categoryId);
  const changedAt = await lastQueuedAt(paths);
  const datedByChange = paths.flatMap((path) => {
    const lastmod = changedAt.get(path);
    return lastmod ? [{ path, lastmod }] : [];
  });
  if (datedByChange.length === paths.length) return datedByChange;
  return datedByChanges(await listingPagesFromData(categoryId), changedAt);
}

/** The numbers of a category's listing pages: its ListingPage rows, and page 1 (all of a category without rows). */
function listingPageNumbers(categoryId: number): Prisma.Sql {
  return Prisma.sql`SELECT number FROM "ListingPage" WHERE "categoryId" = ${categoryId} UNION SELECT 1`;
}

/** The category's listing page paths, in order. */
async function listingPagePaths(categoryId: number): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ slug: string; page: number }[]>`
    SELECT c.slug, pg.number AS page
    FROM "Category" c CROSS JOIN (${listingPageNumbers(categoryId)}) pg
    WHERE c.id = ${categoryId}
    ORDER BY pg.number`;
  return rows.map((row) => categoryPath(row.slug, row.page));
}

type FromData = { path: string; lastmod: Date | null }[];

async function homeFromData(): Promise<FromData> {
  const [row] = await getDb().$queryRaw<{ lastmod: Date | null }[]>`
    SELECT greatest(
      (SELECT max(c."updatedAt") FROM "Category" c),
      (SELECT max(greatest(p."updatedAt", (SELECT max(v."updatedAt") FROM "Variant" v WHERE v."productId" = p.id)))
         FROM "Product" p WHERE p.status = 'ACTIVE' AND p.featured)) AS lastmod`;
  return [{ path: HOME_PATH, lastmod: row?.lastmod ?? null }];
}

/**
 * The category's listing pages: its ListingPage rows (a category without rows is one page), each
 * with the newest data among the products its key range holds. One ordered pass over the
 * category's products and page keys (a page holds the products from its first key up to the next
 * page's, as `listing_page_of` says), not a lookup per product.
 */
async function listingPagesFromData(categoryId: number): Promise<FromData> {
  const rows = await getDb().$queryRaw<{ slug: string; page: number; lastmod: Date | null }[]>`
    WITH keyed AS (
      SELECT lp."firstPosition" AS position, lp."firstProductId" AS product_id, lp.number AS opens,
        NULL::timestamptz AS shown
      FROM "ListingPage" lp WHERE lp."categoryId" = ${categoryId}
      UNION ALL
      SELECT pc.position, pc."productId", NULL,
        greatest(p."updatedAt", (SELECT max(v."updatedAt") FROM "Variant" v WHERE v."productId" = p.id))
      FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
      WHERE pc."categoryId" = ${categoryId}),
    -- A page holds the products from its key up to the next page's: page numbers rise with keys
    -- (lib/catalog/listing-rebalance.ts cuts them so), and a key sorts before the product it names.
    placed AS (
      SELECT shown,
        coalesce(max(opens) OVER (ORDER BY position, product_id, opens NULLS LAST ROWS UNBOUNDED PRECEDING), 1) AS page
      FROM keyed),
    pages AS (${listingPageNumbers(categoryId)}),
    shown AS (SELECT page, max(shown) AS shown FROM placed GROUP BY page)
    SELECT c.slug, pg.number AS page, greatest(c."updatedAt", s.shown) AS lastmod
    FROM "Category" c CROSS JOIN pages pg LEFT JOIN shown s ON s.page = pg.number
    WHERE c.id = ${categoryId}
    ORDER BY pg.number`;
  return rows.map((row) => ({ path: categoryPath(row.slug, row.page), lastmod: row.lastmod }));
}

async function productPagesFromData(piece: number): Promise<FromData> {
  const ids = pieceIds(piece, SITEMAP_PIECE_PRODUCTS);
  const rows = await getDb().$queryRaw<{ slug: string; lastmod: Date }[]>`
    SELECT p.slug, greatest(p."updatedAt", (SELECT max(v."updatedAt") FROM "Variant" v WHERE v."productId" = p.id)) AS lastmod
    FROM "Product" p
    WHERE p.status = 'ACTIVE'
      AND p.id BETWEEN ${ids.from} AND ${ids.to}
    ORDER BY p.id`;
  return rows.map((row) => ({ path: productPath(row.slug), lastmod: row.lastmod }));
}

/** When a change last asked for each of `paths`: folded into PagePurge, or still in the request log. */
async function lastQueuedAt(paths: readonly string[]): Promise<Map<string, Date>> {
  if (paths.length === 0) return new Map();
  const rows = await getDb().$queryRaw<{ path: string; changedAt: Date }[]>`
    SELECT path, max("changedAt") AS "changedAt" FROM (
      SELECT path, "changedAt" FROM "PagePurge" WHERE path = ANY(${paths}::varchar[])
      UNION ALL
      SELECT path, "requestedAt" FROM "PurgeRequest" WHERE "isChange" AND path = ANY(${paths}::varchar[])) AS asked
    GROUP BY path`;
  return new Map(rows.map((row) => [row.path, row.changedAt]));
}

/** A piece as stored: one `<url>` line per page. */
export function renderUrlLines(origin: string, entries: readonly SitemapEntry[]): string {
  return entries
    .map(
      (entry) =>
        `<url>${element('loc', `${origin}${entry.path}`)}${element('lastmod', entry.lastmod.toISOString())}</url>`,
    )
    .join('\n');
}

/**
 * The sitemap's files by path, from the `<url>` lines of its pieces in order: /sitemap.xml holding
 * every page, or past 50,000 an index of /sitemaps/<n>.xml files.
 */
export function sitemapFiles(origin: string, lines: readonly string[]): Map<string, string> {
  if (lines.length <= SITEMAP_MAX_URLS) return new Map([[SITEMAP_PATH, wrap('urlset', lines)]]);
  const files = new Map<string, string>();
  const index: string[] = [];
  for (let n = 1; (n - 1) * SITEMAP_MAX_URLS < lines.length; n++) {
    const slice = lines.slice((n - 1) * SITEMAP_MAX_URLS, n * SITEMAP_MAX_URLS);
    files.set(sitemapFilePath(n), wrap('urlset', slice));
    index.push(
      `<sitemap>${element('loc', `${origin}${sitemapFilePath(n)}`)}${element('lastmod', newestLastmod(slice))}</sitemap>`,
    );
  }
  files.set(SITEMAP_PATH, wrap('sitemapindex', index));
  return files;
}

function wrap(root: 'urlset' | 'sitemapindex', lines: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
    ...lines,
    `</${root}>`,
    '',
  ].join('\n');
}

/** The newest lastmod of `<url>` lines: ISO 8601 times in UTC of one length order as strings. */
function newestLastmod(lines: readonly string[]): string {
  let newest = new Date(0).toISOString();
  for (const line of lines) {
    const lastmod = /<lastmod>([^<]+)<\/lastmod>/.exec(line)?.[1];
    if (lastmod && lastmod > newest) newest = lastmod;
  }
  return newest;
}
