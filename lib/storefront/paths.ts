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

/** `url` as an absolute URL on `origin`; one that already is absolute (a CDN) is kept. */
export function absoluteUrl(origin: string, url: string): string {
  return /^https?:\/\//.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`;
}
