/** The storefront's URL scheme, in one place: every purge path is built and checked here. */
export const HOME_PATH = '/';

export function productPath(slug: string): string {
  return `/products/${slug}`;
}

/** Page 1 of a category is its canonical URL; later pages live under /page/<n>. */
export function categoryPath(slug: string, page = 1): string {
  return page === 1 ? `/categories/${slug}` : `/categories/${slug}/page/${page}`;
}

const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';

/** Slugs of products and categories: lowercase letters and digits in hyphen-separated words. */
export const SLUG_PATTERN = new RegExp(`^${SLUG}$`);

// Page 1 lives at the category's own URL, so /page/<n> exists only for 2 to 9999, without leading zeros.
const LATER_PAGE = '(?:[2-9]|[1-9][0-9]{1,3})';
const LATER_PAGE_SEGMENT = new RegExp(`^${LATER_PAGE}$`);
const STOREFRONT_PATH = new RegExp(
  `^(?:/|/products/${SLUG}|/categories/${SLUG}|/categories/${SLUG}/page/${LATER_PAGE})$`,
);

/** The page number the <n> of /categories/<slug>/page/<n> names, or null when no such page URL exists. */
export function laterPageNumber(segment: string): number | null {
  return LATER_PAGE_SEGMENT.test(segment) ? Number(segment) : null;
}

/** True for paths of statically generated storefront pages (the only ones worth purging). */
export function isStorefrontPath(path: string): boolean {
  return STOREFRONT_PATH.test(path);
}

/** The Google product feed and the sitemap: documents the purge rebuilds like pages (lib/feeds/stored-documents.ts). */
export const FEED_PATH = '/feeds/google.xml';
export const SITEMAP_PATH = '/sitemap.xml';

/**
 * The feed is stored in pieces of this many product ids (lib/feeds/stored-documents.ts), so a
 * product's change rebuilds one piece, not the whole catalog's feed.
 */
export const FEED_PIECE_PRODUCTS = 250;

/** Where the outbox paths of the feed's pieces start: purged, never served on their own. */
export const FEED_PIECE_PREFIX = `${FEED_PATH}/pieces/`;

/** The piece of the feed that holds the product's items. */
export function feedPieceOf(productId: number): number {
  return Math.floor(productId / FEED_PIECE_PRODUCTS);
}

export function feedPiecePath(piece: number): string {
  return `${FEED_PIECE_PREFIX}${piece}`;
}

/** The piece number a feed piece path names, or null. */
export function feedPieceNumber(path: string): number | null {
  if (!path.startsWith(FEED_PIECE_PREFIX)) return null;
  const piece = path.slice(FEED_PIECE_PREFIX.length);
  return /^(0|[1-9][0-9]{0,8})$/.test(piece) ? Number(piece) : null;
}

/** True for the outbox paths that are documents (the feed, its pieces, the sitemap), not pages. */
export function isDocumentPath(path: string): boolean {
  return path === FEED_PATH || path === SITEMAP_PATH || feedPieceNumber(path) !== null;
}

/**
 * Whether an edge may keep the document at `path`. The feed is not kept (it is assembled from its
 * pieces for each fetch, and Google fetches it a few times a day): an edge refresh of it would
 * move the whole catalog's feed after every change. The sitemap is.
 */
export function isKeptAtEdge(servedPath: string): boolean {
  return servedPath !== FEED_PATH;
}

/** The URL an edge keeps for an outbox path: a feed piece is part of the feed. */
export function servedPathOf(path: string): string {
  return feedPieceNumber(path) === null ? path : FEED_PATH;
}

/** How the dashboard names an outbox path: a piece of the feed by the feed and its products' ids. */
export function describePurgePath(path: string): string {
  const piece = feedPieceNumber(path);
  if (piece === null) return path;
  return `${FEED_PATH} (products ${piece * FEED_PIECE_PRODUCTS}–${(piece + 1) * FEED_PIECE_PRODUCTS - 1})`;
}

/** File `n` (1-based) of the sitemap once /sitemap.xml is an index of files (past 50,000 pages). */
export function sitemapFilePath(n: number): string {
  return `/sitemaps/${n}.xml`;
}

/** True for paths of product pages. */
export function isProductPath(path: string): boolean {
  return path.startsWith('/products/') && isStorefrontPath(path);
}

/** Paths an operator may purge: storefront pages and the documents built from them. */
export function isPurgeablePath(path: string): boolean {
  return isStorefrontPath(path) || path === FEED_PATH || path === SITEMAP_PATH;
}

/** Paths the purge outbox holds: those, and the pieces of the feed a change rebuilds. */
export function isOutboxPath(path: string): boolean {
  return isPurgeablePath(path) || feedPieceNumber(path) !== null;
}

/** `url` as an absolute URL on `origin`; one that already is absolute (a CDN) is kept. */
export function absoluteUrl(origin: string, url: string): string {
  return /^https?:\/\//.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`;
}
