/**
 * Which pictures the shop's image optimiser (`/_next/image`) serves: its own files under
 * public/images/, without a query string. next.config.ts gives Next the same rule
 * (`images.localPatterns`), so the optimiser fetches nothing else of the shop (a page, an API
 * answer) and no other host. No imports: next.config.ts loads this file.
 */
export const PRODUCT_IMAGE_DIR = '/images/';

/** For next.config.ts `images.localPatterns`. */
export const PRODUCT_IMAGE_LOCAL_PATTERN = { pathname: `${PRODUCT_IMAGE_DIR}**`, search: '' };

// Any origin will do: it only tells a path of the shop's own from a URL that leaves it.
const SHOP = 'http://shop.invalid';

/**
 * Whether `src` is one of the shop's own pictures, which the optimiser resizes. Any other picture
 * (another host, another path) is shown as it is: the optimiser would answer 400 for it.
 */
export function isOptimizable(src: string): boolean {
  if (!src.startsWith('/') || src.startsWith('//')) return false;
  // Resolved as a browser would: "/\host" leaves the shop, "/images/../x" is /x.
  const url = new URL(src, SHOP);
  return url.origin === SHOP && url.pathname.startsWith(PRODUCT_IMAGE_DIR) && url.search === '' && url.hash === '';
}
