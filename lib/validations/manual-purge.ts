import { z } from 'zod';
import { isPurgeablePath, SLUG_PATTERN } from '../storefront/paths';

/** Body (or query) of /api/revalidate: explicit page paths, or products whose pages to purge. */
const storefrontPath = z.string().max(300).refine(isPurgeablePath, {
  message:
    'not a storefront page path (/, /products/<slug>, /categories/<slug>[/page/<n>], /feeds/google.xml, /sitemap.xml)',
});
const productSlug = z.string().regex(SLUG_PATTERN, 'not a product slug').max(120);

export const manualPurgeRequestSchema = z.union(
  [
    z.object({ paths: z.array(storefrontPath).min(1).max(500) }).strict(),
    z.object({ products: z.array(productSlug).min(1).max(100) }).strict(),
  ],
  { error: 'Send {"paths": ["/products/<slug>", ...]} or {"products": ["<slug>", ...]}, not both' },
);

export type ManualPurgeRequest = z.infer<typeof manualPurgeRequestSchema>;
