/**
 * The one Shopify Admin API call the shop makes: listing products (REST, the same shape as the
 * products/* webhook bodies, so both go through one parser), following `Link: <...>; rel="next"`
 * cursor pagination.
 */
import { getEnv } from '../env';
import { ConfigurationError } from '../http/errors';

/** The Admin API version requested; Shopify supports each for a year. */
export const SHOPIFY_ADMIN_API_VERSION = '2026-10';

export async function* listShopifyProducts(): AsyncGenerator<unknown> {
  const env = getEnv();
  if (!env.SHOPIFY_ADMIN_ACCESS_TOKEN || !env.SHOPIFY_SHOP_DOMAIN) {
    throw new ConfigurationError('SHOPIFY_ADMIN_ACCESS_TOKEN and SHOPIFY_SHOP_DOMAIN must be set');
  }
  const base = env.SHOPIFY_ADMIN_API_URL ?? `https://${env.SHOPIFY_SHOP_DOMAIN}`;
  let url: string | null =
    `${base}/admin/api/${SHOPIFY_ADMIN_API_VERSION}/products.json?limit=250&status=active,archived,draft`;
  while (url) {
    const response = await fetch(url, {
      headers: { 'X-Shopify-Access-Token': env.SHOPIFY_ADMIN_ACCESS_TOKEN, Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`Shopify Admin API ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { products?: unknown[] };
    for (const product of body.products ?? []) yield product;
    url = nextPageUrl(response.headers.get('link'));
  }
}

/** The `rel="next"` URL of a Link header, or null on the last page. */
export function nextPageUrl(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match?.[1]) return match[1];
  }
  return null;
}
