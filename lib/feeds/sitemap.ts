/**
 * sitemap.xml: home, every listing page and every product shoppers can see, each with the time
 * the data it shows last changed (`lastmod`), so crawlers fetch what changed. Past 50,000 URLs
 * (the sitemaps.org limit) /sitemap.xml is an index of /sitemaps/<n>.xml files of 50,000 each.
 */
import { getDb } from '../db';
import { categoryPath, HOME_PATH, productPath, SITEMAP_PATH, sitemapFilePath } from '../storefront/paths';
import { element } from './xml';

/** sitemaps.org: at most 50,000 URLs (and 50 MB) per file. */
export const SITEMAP_MAX_URLS = 50_000;

export interface SitemapEntry {
  path: string;
  lastmod: Date;
}

/**
 * Every storefront page with the time what it shows last changed: the last change the purge
 * decider queued the page for (a product entering, leaving or changing on it), or, for a page no
 * change has queued since the outbox existed, the newest data among the products (and category)
 * it shows.
 */
export async function sitemapEntries(): Promise<SitemapEntry[]> {
  const db = getDb();
  const [products, listings, home, purges] = await Promise.all([
    db.$queryRaw<{ slug: string; lastmod: Date }[]>`
      SELECT p.slug, greatest(p."updatedAt", (SELECT max(v."updatedAt") FROM "Variant" v WHERE v."productId" = p.id)) AS lastmod
      FROM "Product" p WHERE p.status = 'ACTIVE' ORDER BY p.id`,
    // Listing pages are the category's ListingPage rows (a category without rows is one page);
    // each product counts toward the page its position falls in.
    db.$queryRaw<{ slug: string; page: number; lastmod: Date }[]>`
      WITH listed AS (
        SELECT pc."categoryId", listing_page_of(pc."categoryId", pc.position, pc."productId") AS page,
          greatest(p."updatedAt", (SELECT max(v."updatedAt") FROM "Variant" v WHERE v."productId" = p.id)) AS shown
        FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'),
      pages AS (
        SELECT "categoryId", number FROM "ListingPage"
        UNION SELECT c.id, 1 FROM "Category" c)
      SELECT c.slug, pg.number AS page, greatest(c."updatedAt", max(l.shown)) AS lastmod
      FROM pages pg JOIN "Category" c ON c.id = pg."categoryId"
        LEFT JOIN listed l ON l."categoryId" = pg."categoryId" AND l.page = pg.number
      GROUP BY c.id, c.slug, c.position, c."updatedAt", pg.number
      ORDER BY c.position, c.id, page`,
    db.$queryRaw<{ lastmod: Date | null }[]>`
      SELECT greatest(
        (SELECT max(c."updatedAt") FROM "Category" c),
        (SELECT max(greatest(p."updatedAt", (SELECT max(v."updatedAt") FROM "Variant" v WHERE v."productId" = p.id)))
           FROM "Product" p WHERE p.status = 'ACTIVE' AND p.featured)) AS lastmod`,
    // When a change last asked for each page: folded into PagePurge, or still in the request log.
    db.$queryRaw<{ path: string; changedAt: Date }[]>`
      SELECT path, max("changedAt") AS "changedAt" FROM (
        SELECT path, "changedAt" FROM "PagePurge"
        UNION ALL
        SELECT path, "requestedAt" FROM "PurgeRequest" WHERE "isChange") AS asked
      GROUP BY path`,
  ]);
  const changedAt = new Map(purges.map((row) => [row.path, row.changedAt]));
  const entry = (path: string, fromData: Date | null): SitemapEntry => {
    const queued = changedAt.get(path);
    const known = [fromData, queued].filter((d): d is Date => d instanceof Date);
    return { path, lastmod: new Date(Math.max(0, ...known.map((d) => d.getTime()))) };
  };
  return [
    entry(HOME_PATH, home[0]?.lastmod ?? null),
    ...listings.map((row) => entry(categoryPath(row.slug, row.page), row.lastmod)),
    ...products.map((row) => entry(productPath(row.slug), row.lastmod)),
  ];
}

/** True for /sitemaps/<n>.xml, the files of a sitemap index. */
export function isSitemapFilePath(path: string): boolean {
  return /^\/sitemaps\/[1-9]\d{0,4}\.xml$/.test(path);
}

/**
 * The sitemap as files by path: /sitemap.xml holding every page, or past 50,000 an index of
 * /sitemaps/<n>.xml files.
 */
export async function buildSitemapFiles(origin: string): Promise<Map<string, string>> {
  const entries = await sitemapEntries();
  const count = sitemapFileCount(entries);
  if (count === 1) return new Map([[SITEMAP_PATH, renderUrlSet(origin, entries)]]);
  const files = new Map([[SITEMAP_PATH, renderSitemapIndex(origin, entries)]]);
  for (let n = 1; n <= count; n++) files.set(sitemapFilePath(n), renderUrlSet(origin, entries, n));
  return files;
}

/** The number of sitemap files `entries` need; 1 means /sitemap.xml holds them all. */
export function sitemapFileCount(entries: readonly SitemapEntry[]): number {
  return Math.max(1, Math.ceil(entries.length / SITEMAP_MAX_URLS));
}

/** File `n` (1-based) of the entries, or all of them when they fit in one. */
export function renderUrlSet(origin: string, entries: readonly SitemapEntry[], n = 1): string {
  const slice = entries.slice((n - 1) * SITEMAP_MAX_URLS, n * SITEMAP_MAX_URLS);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...slice.map(
      (entry) =>
        `<url>${element('loc', `${origin}${entry.path}`)}${element('lastmod', entry.lastmod.toISOString())}</url>`,
    ),
    '</urlset>',
    '',
  ].join('\n');
}

export function renderSitemapIndex(origin: string, entries: readonly SitemapEntry[]): string {
  const files = Array.from({ length: sitemapFileCount(entries) }, (_, i) => {
    const slice = entries.slice(i * SITEMAP_MAX_URLS, (i + 1) * SITEMAP_MAX_URLS);
    const newest = new Date(slice.reduce((max, entry) => Math.max(max, entry.lastmod.getTime()), 0));
    return `<sitemap>${element('loc', `${origin}${sitemapFilePath(i + 1)}`)}${element('lastmod', newest.toISOString())}</sitemap>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files,
    '</sitemapindex>',
    '',
  ].join('\n');
}
