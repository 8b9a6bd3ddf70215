import type { IncomingMessage, ServerResponse } from 'node:http';
import { isKeptAtEdge } from '../storefront/paths';
import { shopOrigin, shopOriginIsConfigured } from './shop-origin';
import { isStoredDocumentRoot, readStoredDocument } from './stored-documents';

type Served = { props: Record<string, never> } | { notFound: true };

/**
 * Answers a stored document (feed, sitemap) from getServerSideProps. /sitemap.xml may be kept
 * by the edge until it is purged, like the pages, but only when its links name a configured
 * address (PUBLIC_SHOP_URL): otherwise they name the request's Host, which must not be served to
 * another. Sitemap files past an index are never kept: the purge names only /sitemap.xml. The
 * feed is never kept (`isKeptAtEdge`): each process keeps the last one it put together (stored-documents.ts).
 */
export async function serveStoredDocument(req: IncomingMessage, res: ServerResponse, path: string): Promise<Served> {
  const document = await readStoredDocument(path, shopOrigin(req));
  if (!document) return { notFound: true };
  const edgeMayKeep = shopOriginIsConfigured() && isStoredDocumentRoot(path) && isKeptAtEdge(path);
  res.setHeader('Content-Type', document.contentType);
  res.setHeader('Cache-Control', edgeMayKeep ? 'public, max-age=0, s-maxage=31536000' : 'no-store');
  res.setHeader('Last-Modified', document.builtAt.toUTCString());
  res.end(document.body);
  return { props: {} };
}
