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
 * The feed and the sitemap's product pages are stored in pieces of product ids
 * (lib/feeds/stored-documents.ts), so a product's change rebuilds one piece, not the whole
 * catalog's. A feed piece builds every product page's data (about 0.8 ms a product here), so its
 * pieces are small; a sitemap piece reads a slug and two dates a product, so its are larger, and a
 * whole rebuild (an operator's purge by path) takes fewer of them.
 */
export const FEED_PIECE_PRODUCTS = 50;
export const SITEMAP_PIECE_PRODUCTS = 250;

/** Where the outbox paths of the feed's pieces start: purged, never served on their own. */
// The size is in the paths: a release with another size stores its pieces (and their mark) apart,
// so instances of two releases never write each other's pieces during a rolling deploy.
export const FEED_PIECE_PREFIX = `${FEED_PATH}/pieces-${FEED_PIECE_PRODUCTS}/`;
/** The row that says every piece of the feed was built once (lib/feeds/stored-documents.ts). */
export const FEED_BUILT_PATH = `${FEED_PATH}/built-${FEED_PIECE_PRODUCTS}`;

/** The piece of the feed that holds the product's items. */
export function feedPieceOf(productId: number): number {
  return pieceOf(productId, FEED_PIECE_PRODUCTS);
}

/** The piece of the sitemap that holds the product's page. */
export function sitemapProductPieceOf(productId: number): number {
  return pieceOf(productId, SITEMAP_PIECE_PRODUCTS);
}

function pieceOf(productId: number, size: number): number {
  return Math.floor(productId / size);
}

/** The product ids a piece of `size` ids holds, both ends included. */
export function pieceIds(piece: number, size: number): { from: number; to: number } {
  return { from: piece * size, to: (piece + 1) * size - 1 };
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

/**
 * A piece of the sitemap: home, one category's listing pages, or the product pages of a piece of
 * product ids. A change rebuilds the pieces whose pages it touches; the sitemap is put together
 * from them when it is served.
 */
export type SitemapPiece =
  { kind: 'home' } | { kind: 'category'; categoryId: number } | { kind: 'products'; piece: number };

/** Where the outbox paths of the sitemap's pieces start: purged, never served on their own. */
export const SITEMAP_PIECE_PREFIX = `${SITEMAP_PATH}/pieces-${SITEMAP_PIECE_PRODUCTS}/`;
export const SITEMAP_BUILT_PATH = `${SITEMAP_PATH}/built-${SITEMAP_PIECE_PRODUCTS}`;

export function sitemapPiecePath(piece: SitemapPiece): string {
  if (piece.kind === 'home') return `${SITEMAP_PIECE_PREFIX}home`;
  if (piece.kind === 'category') return `${SITEMAP_PIECE_PREFIX}categories/${piece.categoryId}`;
  return `${SITEMAP_PIECE_PREFIX}products/${piece.piece}`;
}

const SITEMAP_PIECE = /^(?:home|categories\/([1-9][0-9]{0,9})|products\/(0|[1-9][0-9]{0,8}))$/;

/** The sitemap piece a path names, or null. */
export function sitemapPieceOf(path: string): SitemapPiece | null {
  if (!path.startsWith(SITEMAP_PIECE_PREFIX)) return null;
  const match = SITEMAP_PIECE.exec(path.slice(SITEMAP_PIECE_PREFIX.length));
  if (!match) return null;
  if (match[1] !== undefined) return { kind: 'category', categoryId: Number(match[1]) };
  if (match[2] !== undefined) return { kind: 'products', piece: Number(match[2]) };
  return { kind: 'home' };
}

/** True for the outbox paths that are pieces of a document (the feed's, the sitemap's). */
export function isDocumentPiecePath(path: string): boolean {
  return feedPieceNumber(path) !== null || sitemapPieceOf(path) !== null;
}

/** True for the outbox paths that are documents (the feed, the sitemap, their pieces), not pages. */
export function isDocumentPath(path: string): boolean {
  return path === FEED_PATH || path === SITEMAP_PATH || isDocumentPiecePath(path);
}

/**
 * Whether an edge may keep what is served at `path`: the pages, not the documents. The feed and
 * the sitemap are put together from pieces for each fetch (a process keeps the last one until a
 * piece changes), and crawlers fetch them a few times a day: an edge copy would need a refresh
 * after every change, moving the whole document (the feed is 52.7 MB at 100,000 products).
 */
export function isKeptAtEdge(servedPath: string): boolean {
  return isStorefrontPath(servedPath);
}

/** The URL an edge keeps for an outbox path: a piece is part of its document. */
export function servedPathOf(path: string): string {
  if (feedPieceNumber(path) !== null) return FEED_PATH;
  if (sitemapPieceOf(path) !== null) return SITEMAP_PATH;
  return path;
}

/** How the dashboard names an outbox path: a piece by its document and what it covers. */
export function describePurgePath(path: string): string {
  const ids = ({ from, to }: { from: number; to: number }) => `products ${from}–${to}`;
  const feedPiece = feedPieceNumber(path);
  if (feedPiece !== null) return `${FEED_PATH} (${ids(pieceIds(feedPiece, FEED_PIECE_PRODUCTS))})`;
  const sitemapPiece = sitemapPieceOf(path);
  if (sitemapPiece === null) return path;
  if (sitemapPiece.kind === 'home') return `${SITEMAP_PATH} (home)`;
  if (sitemapPiece.kind === 'category') return `${SITEMAP_PATH} (listing pages of category ${sitemapPiece.categoryId})`;
  return `${SITEMAP_PATH} (${ids(pieceIds(sitemapPiece.piece, SITEMAP_PIECE_PRODUCTS))})`;
}

/** File `n` (1-based) of the sitemap once /sitemap.xml is an index of files (past 50,000 pages). */
export function sitemapFilePath(n: number): string {
  return `/sitemaps/${n}.xml`;
}

/** True for /sitemaps/<n>.xml, the files of a sitemap index. */
export function isSitemapFilePath(path: string): boolean {
  return /^\/sitemaps\/[1-9]\d{0,4}\.xml$/.test(path);
}

/** True for paths of product pages. */
export function isProductPath(path: string): boolean {
  return path.startsWith('/products/') && isStorefrontPath(path);
}

/** The slug of a product page's path, or null for any other path. */
export function productSlugOf(path: string): string | null {
  return isProductPath(path) ? path.slice('/products/'.length) : null;
}

/** Paths an operator may purge: storefront pages and the documents built from them. */
export function isPurgeablePath(path: string): boolean {
  return isStorefrontPath(path) || path === FEED_PATH || path === SITEMAP_PATH;
}

/** Paths the purge outbox holds: those, and the pieces of the feed and sitemap a change rebuilds. */
export function isOutboxPath(path: string): boolean {
  return isPurgeablePath(path) || isDocumentPiecePath(path);
}

/** `url` as an absolute URL on `origin`; one that already is absolute (a CDN) is kept. */
export function absoluteUrl(origin: string, url: string): string {
  return /^https?:\/\//.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`;
}
