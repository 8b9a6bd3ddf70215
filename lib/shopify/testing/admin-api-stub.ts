/**
 * A local stand-in for `GET /admin/api/<version>/products.json`, answering as Shopify's REST
 * Admin API does: `{ products: [...] }`, `limit` (1-250, default 50), cursor pagination with a
 * `Link: <...page_info=...>; rel="next"` header (and rel="previous"), 401 without the right
 * `X-Shopify-Access-Token`. Anything else is 404.
 */
import { createServer, type Server } from 'node:http';
import { stringifyExactJson } from '../../http/exact-json';

export interface ShopifyAdminStub {
  url: string;
  /** Replaces the products the stub lists (REST product objects, e.g. from productUpdatePayload). */
  setProducts(products: readonly { id: number | bigint }[]): void;
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startShopifyAdminStub(accessToken: string): Promise<ShopifyAdminStub> {
  let products: readonly { id: number | bigint }[] = [];
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      res.end(stringifyExactJson(body));
    };
    if (req.method !== 'GET' || !/^\/admin\/api\/\d{4}-\d{2}\/products\.json$/.test(url.pathname)) {
      return send(404, { errors: 'Not Found' });
    }
    if (req.headers['x-shopify-access-token'] !== accessToken) {
      return send(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    const limit = Number(url.searchParams.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) return send(400, { errors: { limit: ['is invalid'] } });
    const sorted = [...products].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const cursor = url.searchParams.get('page_info');
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
    const page = sorted.slice(start, start + limit);
    const links: string[] = [];
    const pageUrl = (offset: number) =>
      `<http://${req.headers.host}${url.pathname}?limit=${limit}&page_info=${Buffer.from(String(offset)).toString('base64url')}>`;
    if (start > 0) links.push(`${pageUrl(Math.max(0, start - limit))}; rel="previous"`);
    if (start + limit < sorted.length) links.push(`${pageUrl(start + limit)}; rel="next"`);
    send(200, { products: page }, links.length ? { Link: links.join(', ') } : {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('stub did not bind');
  return {
    url: `http://127.0.0.1:${address.port}`,
    setProducts: (next) => {
      products = next;
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
