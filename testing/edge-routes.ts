/**
 * What the compose edges (varnish/compose.vcl, nginx/compose.conf) send to the worker: the back
 * office. The routing tests of both edges ask for each of these paths (docs/scaling.md, "The back
 * office on the worker"). Plain paths only: nginx matches the decoded, normalised URI without its
 * query, Varnish the URL as sent, so encoded slashes, `//` or `/../` may be routed differently by
 * the two (harmless: every process serves every route, and the app checks who may use it).
 */
export const BACK_OFFICE_PATHS = [
  '/admin',
  '/admin?next=%2Fadmin%2Forders',
  '/admin/products/7',
  '/admin/products/7?tab=variants',
  '/api/admin',
  '/api/admin/products/7',
  '/api/webhooks/stripe',
  '/api/webhooks/shopify',
  '/api/revalidate',
  '/api/purge-queue/drain',
  '/_next/data/build-1/admin.json',
  '/_next/data/build-1/admin/orders.json',
] as const;

/** Shoppers' own requests, some named like the back office: never sent to the worker. */
export const SHOPPER_PATHS = [
  '/',
  '/products/admin-chair',
  '/categories/admins',
  '/api/cart',
  '/api/checkout',
  '/_next/data/build-1/products/w.json',
  '/administrator',
] as const;
