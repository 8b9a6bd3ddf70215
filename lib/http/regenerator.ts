import type { NextApiResponse } from 'next';
import { isStoredDocumentRoot, rebuildStoredDocument } from '../feeds/stored-documents';
import type { RegeneratePage } from '../revalidation/regenerate';

/**
 * How a request regenerates a purged path: a page is re-rendered by Next into its cache
 * (`res.revalidate`), a stored document (the product feed, the sitemap) is rebuilt into the
 * database. Every route that purges passes this to the change road.
 */
export function regeneratorFor(res: NextApiResponse): RegeneratePage {
  return (path) => (isStoredDocumentRoot(path) ? rebuildStoredDocument(path) : res.revalidate(path));
}
