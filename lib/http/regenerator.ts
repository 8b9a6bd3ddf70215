import type { NextApiResponse } from 'next';
import { rebuildStoredDocument } from '../feeds/stored-documents';
import type { RegeneratePage } from '../revalidation/regenerate';
import { isStorefrontPath } from '../storefront/paths';

/**
 * How a request regenerates a purged path: a storefront page is re-rendered by Next into its cache
 * (`res.revalidate`); any other purged path is a stored document (the product feed, the sitemap)
 * and is rebuilt into the database. The same rule tells the purge which paths Redis must hold
 * (lib/revalidation/purge-claims.ts). Every route that purges passes this to the change road.
 */
export function regeneratorFor(res: NextApiResponse): RegeneratePage {
  return regeneratorUsing((path) => res.revalidate(path));
}

/** The same rule with another way to have Next re-render a page (the worker's, lib/worker/next-revalidate.ts). */
export function regeneratorUsing(revalidate: (path: string) => Promise<void>): RegeneratePage {
  return (path) => (isStorefrontPath(path) ? revalidate(path) : rebuildStoredDocument(path));
}
