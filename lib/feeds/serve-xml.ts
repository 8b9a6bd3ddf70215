import type { IncomingMessage, ServerResponse } from 'node:http';
import { shopOrigin } from './shop-origin';
import { readStoredDocument } from './stored-documents';

type Served = { props: Record<string, never> } | { notFound: true };

/**
 * Answers a stored document (feed, sitemap) from getServerSideProps. Never kept by an edge
 * (lib/storefront/paths.ts `isKeptAtEdge`): each process keeps the last one it put together from
 * the pieces (stored-documents.ts), and its links name the shop's address, or without
 * PUBLIC_SHOP_URL the request's Host, which must not be served to another.
 */
export async function serveStoredDocument(req: IncomingMessage, res: ServerResponse, path: string): Promise<Served> {
  const document = await readStoredDocument(path, shopOrigin(req));
  if (!document) return { notFound: true };
  res.setHeader('Content-Type', document.contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Last-Modified', document.builtAt.toUTCString());
  res.end(document.body);
  return { props: {} };
}
