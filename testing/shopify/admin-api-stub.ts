/**
 * A local stand-in for Shopify's Admin GraphQL API (POST /admin/api/<version>/graphql.json),
 * answering the queries lib/shopify/admin-api.ts sends as Shopify does: 401 without the right
 * X-Shopify-Access-Token; `extensions.cost` on every answer and MAX_COST_EXCEEDED above 1,000
 * points (Shopify's rule: a connection costs 2 + first × its node); opaque base64 cursors,
 * products in id order and variants in position order; only the fields the query names. On
 * demand it answers THROTTLED, 503, or ACCESS_DENIED for inventoryQuantity without read_inventory.
 * It reads just enough of a query to tell which of the three it is.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { StubProduct } from './stub-products';

export interface ShopifyAdminStub {
  url: string;
  setProducts(products: readonly StubProduct[]): void;
  setCurrency(code: string): void;
  /** The token's scopes; read_products and read_inventory by default. */
  setScopes(scopes: readonly string[]): void;
  /** Answers the next `count` queries THROTTLED (HTTP 200, as Shopify does) or with a 503. */
  interrupt(kind: 'THROTTLED' | 'UNAVAILABLE', count: number): void;
  readonly requests: { operation: string; variables: Record<string, unknown> }[];
  close(): Promise<void>;
}

type Answer = { status?: number; body: unknown };
const MAX_QUERY_COST = 1000;
const BUCKET = { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 };

export async function startShopifyAdminStub(accessToken: string): Promise<ShopifyAdminStub> {
  let products: readonly StubProduct[] = [];
  let currencyCode = 'USD';
  let scopes = new Set(['read_products', 'read_inventory']);
  let interruption = { kind: 'THROTTLED', left: 0 };
  const requests: ShopifyAdminStub['requests'] = [];

  const answer = (query: string, variables: Record<string, unknown>): Answer => {
    const cost = requestedCost(query);
    if (cost > MAX_QUERY_COST) return maxCostExceeded(cost);
    if (interruption.left > 0) {
      interruption.left--;
      return interruption.kind === 'THROTTLED' ? throttled(cost) : { status: 503, body: { errors: 'Unavailable' } };
    }
    if (/\binventoryQuantity\b/.test(query) && !scopes.has('read_inventory')) return accessDenied('inventoryQuantity');
    const data = /\bshop\s*\{/.test(query)
      ? { shop: { currencyCode } }
      : /\bproduct\(/.test(query)
        ? variantsPage(products, query, variables)
        : /\bproducts\(/.test(query)
          ? productsPage(products, query, variables)
          : undefined;
    if (!data) return { body: { errors: [{ message: 'stub: query not understood' }] } };
    return {
      body: { data, extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: BUCKET } } },
    };
  };

  const server: Server = createServer((req, res) => {
    const send = ({ status = 200, body }: Answer) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    if (req.method !== 'POST' || !/^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.test(path)) {
      return send({ status: 404, body: { errors: 'Not Found' } });
    }
    if (req.headers['x-shopify-access-token'] !== accessToken) {
      const errors = '[API] Invalid API key or access token (unrecognized login or wrong password)';
      return send({ status: 401, body: { errors } });
    }
    void readJson(req).then(({ query, variables = {} }) => {
      requests.push({ operation: /\bquery\s+(\w+)/.exec(query)?.[1] ?? 'anonymous', variables });
      send(answer(query, variables));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('stub did not bind');
  return {
    url: `http://127.0.0.1:${address.port}`,
    setProducts: (next) => void (products = next),
    setCurrency: (code) => void (currencyCode = code),
    setScopes: (next) => void (scopes = new Set(next)),
    interrupt: (kind, count) => void (interruption = { kind, left: count }),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<{ query: string; variables?: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
}

const firsts = (query: string) => [...query.matchAll(/\bfirst:\s*(\d+)/g)].map((m) => Number(m[1]));

/** Shopify's requested cost: objects 1, scalars 0, a connection 2 + first × (its node's cost). */
function requestedCost(query: string): number {
  const connections = firsts(query).reduceRight((inner, first) => 2 + first * (1 + inner), 0);
  return connections + (/\b(product\(|shop\s*\{)/.test(query) ? 1 : 0);
}

function productsPage(products: readonly StubProduct[], query: string, variables: Record<string, unknown>) {
  const [productsFirst = 0, variantsFirst = 0] = firsts(query);
  const page = paginate(products, (p) => BigInt(p.legacyResourceId), productsFirst, variables.after);
  const nodes = page.nodes.map((product) => ({
    ...selected(product, query),
    variants: variantConnection(product, query, variantsFirst, undefined),
  }));
  return { products: { nodes, pageInfo: page.pageInfo } };
}

function variantsPage(products: readonly StubProduct[], query: string, variables: Record<string, unknown>) {
  const product = products.find((p) => p.id === variables.id);
  const [first = 0] = firsts(query);
  return { product: product ? { variants: variantConnection(product, query, first, variables.after) } : null };
}

function variantConnection(product: StubProduct, query: string, first: number, after: unknown) {
  const page = paginate(product.variants, (v) => BigInt(v.position), first, after);
  return { nodes: page.nodes.map((variant) => selected(variant, query)), pageInfo: page.pageInfo };
}

/** Only the fields the query names, as Shopify answers. */
function selected<T extends object>(node: T, query: string): Partial<T> {
  return Object.fromEntries(
    Object.entries(node).filter(([key]) => new RegExp(`\\b${key}\\b`).test(query)),
  ) as Partial<T>;
}

function paginate<T>(items: readonly T[], key: (item: T) => bigint, first: number, after: unknown) {
  const from =
    typeof after === 'string'
      ? BigInt((JSON.parse(Buffer.from(after, 'base64').toString()) as { last_value: string }).last_value)
      : undefined;
  const rest = items.filter((item) => from === undefined || key(item) > from);
  rest.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const nodes = rest.slice(0, first);
  const last = nodes.at(-1);
  const endCursor =
    last === undefined
      ? null
      : Buffer.from(JSON.stringify({ last_id: String(key(last)), last_value: String(key(last)) })).toString('base64');
  return { nodes, pageInfo: { hasNextPage: rest.length > first, endCursor } };
}

function throttled(cost: number): Answer {
  // Just short of the cost: a client that waits as throttleStatus says waits 50 ms.
  const throttleStatus = { ...BUCKET, currentlyAvailable: Math.max(0, cost - 5) };
  const errors = [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: DOCS.limits } }];
  return {
    body: { errors, extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus } } },
  };
}

function maxCostExceeded(cost: number): Answer {
  const message = `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`;
  const extensions = { code: 'MAX_COST_EXCEEDED', cost, maxCost: MAX_QUERY_COST, documentation: DOCS.limits };
  return { body: { errors: [{ message, extensions }] } };
}

function accessDenied(field: string): Answer {
  const requiredAccess = '`read_inventory` access scope.';
  const message = `Access denied for ${field} field. Required access: ${requiredAccess}`;
  return {
    body: { errors: [{ message, extensions: { code: 'ACCESS_DENIED', documentation: DOCS.scopes, requiredAccess } }] },
  };
}

const DOCS = {
  limits: 'https://shopify.dev/api/usage/rate-limits',
  scopes: 'https://shopify.dev/api/usage/access-scopes',
};
