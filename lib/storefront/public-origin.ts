import { getEnv } from '../env';

/**
 * The shop's public address for the absolute URLs static pages carry (canonical, og:url, og:image,
 * breadcrumbs): PUBLIC_SHOP_URL without its trailing slash. Null when unset: a page is built
 * without a request, so it has no host to guess, and a wrong one in a canonical would send
 * crawlers elsewhere; such pages then leave those tags out.
 */
export function publicShopOrigin(): string | null {
  const configured = getEnv().PUBLIC_SHOP_URL;
  return configured ? configured.replace(/\/+$/, '') : null;
}
