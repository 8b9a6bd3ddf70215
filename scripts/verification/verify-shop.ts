/**
 * The price-consistency check: crawls the home page, every page of every category listing,
 * every product page of a snapshot of the catalog and the product feed, and lists each place one
 * differs from it.
 */
import pLimit from 'p-limit';
import { categoryPath, HOME_PATH, productPath } from '../../lib/storefront/paths';
import { checkCards, checkCoverage, type Listing } from './check-listing';
import { checkFeed, FEED_PATH } from './check-feed';
import { checkProductPage } from './check-product-page';
import { readListingPage } from './read-page';
import type { CatalogSnapshot, CheckResult, ExpectedProduct, Mismatch, PageFetcher, VerificationReport } from './types';

export interface VerifyShopOptions {
  baseUrl: string;
  snapshot: CatalogSnapshot;
  /** Pages fetched at once (default 4). */
  concurrency?: number;
  /** Defaults to a plain GET of `baseUrl` + path. */
  fetchPage?: PageFetcher;
}

// A listing longer than this is a loop of "next" links, not a catalog.
const MAX_LISTING_PAGES = 10_000;

/** Checks every page in the snapshot's scope; the report lists every mismatch found. */
export async function verifyShop(options: VerifyShopOptions): Promise<VerificationReport> {
  const started = performance.now();
  const fetchPage = options.fetchPage ?? createPageFetcher(options.baseUrl);
  const limit = pLimit(options.concurrency ?? 4);
  const { snapshot } = options;
  const products = new Map(snapshot.products.map((p) => [p.slug, p]));
  const listings: Listing[] = snapshot.categories.map((slug) => ({
    firstPage: categoryPath(slug),
    includes: (product) => product.categorySlugs.includes(slug),
    pageOf: (product) => product.listingPages?.[slug],
  }));
  if (snapshot.includeHome) listings.unshift({ firstPage: HOME_PATH, includes: (product) => product.featured });
  const crawl = { fetchPage, limit, products };
  const results = await Promise.all([
    ...listings.map((listing) => crawlListing(listing, crawl)),
    ...productPagesIn(snapshot).map((product) => limit(() => crawlProductPage(product, fetchPage))),
    limit(() => crawlFeed(productPagesIn(snapshot), fetchPage)),
  ]);
  return {
    baseUrl: options.baseUrl,
    pagesChecked: results.reduce((sum, r) => sum + r.pages, 0),
    pricesChecked: results.reduce((sum, r) => sum + r.pricesChecked, 0),
    durationMs: Math.round(performance.now() - started),
    mismatches: results.flatMap((r) => r.mismatches),
  };
}

function productPagesIn(snapshot: CatalogSnapshot): ExpectedProduct[] {
  const only = snapshot.productPages;
  return only ? snapshot.products.filter((product) => only.includes(product.slug)) : snapshot.products;
}

interface Crawl {
  fetchPage: PageFetcher;
  limit: ReturnType<typeof pLimit>;
  products: ReadonlyMap<string, ExpectedProduct>;
}

type CrawlResult = CheckResult & { pages: number };

async function crawlProductPage(product: ExpectedProduct, fetchPage: PageFetcher): Promise<CrawlResult> {
  const path = productPath(product.slug);
  const page = await fetchOrReport(fetchPage, path);
  if ('mismatch' in page) return { mismatches: [page.mismatch], pricesChecked: 0, pages: 1 };
  return { ...checkProductPage(path, product, page), pages: 1 };
}

async function crawlFeed(products: readonly ExpectedProduct[], fetchPage: PageFetcher): Promise<CrawlResult> {
  const page = await fetchOrReport(fetchPage, FEED_PATH);
  if ('mismatch' in page) return { mismatches: [page.mismatch], pricesChecked: 0, pages: 1 };
  return { ...checkFeed(page, products), pages: 1 };
}

/** Follows a listing's "next" links until a page has none or answers 404, then checks coverage. */
async function crawlListing(listing: Listing, crawl: Crawl): Promise<CrawlResult> {
  const seen = new Map<string, string[]>();
  const visited = new Set<string>();
  const result: CrawlResult = { mismatches: [], pricesChecked: 0, pages: 0 };
  let path: string | undefined = listing.firstPage;
  while (path !== undefined && !visited.has(path) && visited.size < MAX_LISTING_PAGES) {
    const current: string = path;
    visited.add(current);
    const page = await crawl.limit(() => fetchOrReport(crawl.fetchPage, current));
    result.pages += 1;
    if ('mismatch' in page) return { ...result, mismatches: [...result.mismatches, page.mismatch] };
    // Past the last page a listing answers 404; only its first page must exist.
    if (page.status === 404 && current !== listing.firstPage) break;
    if (page.status !== 200) {
      result.mismatches.push({ kind: 'page-error', page: current, expected: '200', shown: String(page.status) });
      return result;
    }
    const { cards, nextPath } = readListingPage(page.html);
    const checked = checkCards(current, cards, listing, crawl.products);
    result.mismatches.push(...checked.mismatches);
    result.pricesChecked += checked.pricesChecked;
    for (const card of cards) seen.set(card.slug, [...(seen.get(card.slug) ?? []), current]);
    path = nextPath !== undefined && isLocalPath(nextPath) ? nextPath : undefined;
  }
  result.mismatches.push(...checkCoverage(listing, seen, crawl.products.values()));
  return result;
}

/** Only same-site paths are followed: a link must not send the crawler to another host. */
function isLocalPath(href: string): boolean {
  return href.startsWith('/') && !href.startsWith('//');
}

async function fetchOrReport(fetchPage: PageFetcher, path: string) {
  try {
    return await fetchPage(path);
  } catch (error) {
    const mismatch: Mismatch = { kind: 'page-error', page: path, expected: 'an answer', shown: describeError(error) };
    return { mismatch };
  }
}

/** "fetch failed (ECONNREFUSED)": undici hides the useful part in `cause`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message} (${detail})` : error.message;
}

/** GETs paths of the shop at `baseUrl`, without following redirects (a redirect is not the page). */
export function createPageFetcher(baseUrl: string): PageFetcher {
  return async (path) => {
    const response = await fetch(new URL(path, baseUrl), { redirect: 'manual', headers: { accept: 'text/html' } });
    return { status: response.status, html: await response.text() };
  };
}
