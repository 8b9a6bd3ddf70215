import type { IncomingMessage } from 'node:http';
import { publicShopOrigin } from '../storefront/public-origin';

/**
 * The shop's public origin for absolute links (sitemap, product feed, robots.txt): PUBLIC_SHOP_URL
 * when set, as every production shop should; otherwise the host the request named, over http.
 */
export function shopOrigin(req: IncomingMessage): string {
  const configured = publicShopOrigin();
  if (configured) return configured;
  const host = req.headers.host ?? 'localhost';
  return `http://${/^[a-z0-9.-]+(:\d+)?$/i.test(host) ? host : 'localhost'}`;
}

/** Whether absolute links name a configured address rather than the request's Host (which must not be cached). */
export function shopOriginIsConfigured(): boolean {
  return publicShopOrigin() !== null;
}
