/**
 * A tiny local stand-in for the parts of the Stripe API the catalog webhook reads:
 *
 *   GET /v1/products/:id    GET /v1/products
 *   GET /v1/prices/:id      GET /v1/prices
 *
 * It answers the way the real API does, so the real SDK can talk to it unchanged:
 *   new Stripe('sk_test_x', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 })
 *
 * - Auth: `Authorization: Bearer sk_test_...` (401 otherwise, in Stripe's words).
 * - Objects are served exactly as stored (set them with complete fixtures from ../fixtures).
 * - Lists: `{ object: 'list', data, has_more, url }`, newest first (by `created`, then by the
 *   order they were set), with `limit` (1-100, default 10), `starting_after` / `ending_before`,
 *   the list filters of each endpoint (`active`, `created`, `ids`, `product`, `currency`, ...)
 *   and `expand[]` of `data.product` / `data.default_price`. When `active` is not given, every
 *   price is listed; Stripe's docs describe the endpoint as listing active prices, so don't rely
 *   on a listing without `active` including archived prices in production.
 * - Errors: Stripe's shape `{ error: { type, code, message, param, doc_url, request_log_url } }`:
 *   404 `resource_missing` for unknown ids, 400 for unknown or invalid parameters, 404 for
 *   unknown URLs. Things Stripe supports but this stub does not (writes, other expansions) get a
 *   501 `api_error` with `Stripe-Should-Retry: false`, so they are never mistaken for Stripe's answer.
 * - Headers: `Request-Id: req_...` and `Stripe-Version` (the requested version, else the SDK's).
 *
 * Everything is in memory: `setProduct` / `setPrice` / `deleteProduct` / `deletePrice` / `reset`,
 * `failNext` to simulate outages, and `requests`, a log of every request received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { stripeRequestId, unixNow } from './fixtures/ids';

export interface StubRequestLogEntry {
  method: string;
  /** Path without the query string, e.g. `/v1/prices`. */
  path: string;
  /** The decoded query as sent, e.g. `{ limit: '2', starting_after: 'price_...', 'expand[0]': 'data.product' }`. */
  query: Record<string, string>;
  authorization: string | undefined;
  stripeVersion: string | undefined;
  /** The HTTP status the stub answered with. */
  status: number;
  /** The `Request-Id` the stub answered with. */
  requestId: string;
}

export interface StripeStubOptions {
  /** Accept only this key (it must still be an `sk_test_` key); by default any `sk_test_` key. */
  apiKey?: string;
}

export interface StartedStripeStub {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops the server, closing keep-alive connections too. */
  close(): Promise<void>;
}

export interface StripeStub {
  /**
   * Stores (or replaces) a product. Top-level fields are copied, nested ones (metadata, ...) are
   * shared: to change a stored object, set a new one rather than mutating the fixture.
   */
  setProduct(product: Stripe.Product): void;
  /** Stores (or replaces) a price; same copying rules as `setProduct`. */
  setPrice(price: Stripe.Price): void;
  /** Removes a product, as deleting it in Stripe would; later retrieves answer 404. */
  deleteProduct(id: string): boolean;
  /** Removes a price; later retrieves answer 404. */
  deletePrice(id: string): boolean;
  /** The next `count` requests (after auth) answer `status` with an `api_error`, as during an outage. */
  failNext(status?: number, count?: number): void;
  /** Forgets all objects, pending failures and the request log. */
  reset(): void;
  /** Every request received, oldest first. */
  readonly requests: readonly StubRequestLogEntry[];
  /** Listens on 127.0.0.1 on a free port. */
  start(): Promise<StartedStripeStub>;
}

type Param = string | string[] | Record<string, string>;
type Params = Map<string, Param>;

interface Stored<T> {
  seq: number;
  value: T;
}

interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error';
  message: string;
  code?: string;
  param?: string;
}

class StubError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /** A failure from `failNext`; the SDK may retry those like real 5xx answers. */
    readonly simulated = false,
  ) {
    super(body.message);
  }
}

const DOC_URLS: Record<string, string> = {
  resource_missing: 'https://stripe.com/docs/error-codes/resource-missing',
  parameter_unknown: 'https://stripe.com/docs/error-codes/parameter-unknown',
  parameter_invalid_integer: 'https://stripe.com/docs/error-codes/parameter-invalid-integer',
  parameter_invalid_empty: 'https://stripe.com/docs/error-codes/parameter-invalid-empty',
};

const PRICE_LIST_PARAMS = [
  'active',
  'created',
  'currency',
  'ending_before',
  'expand',
  'limit',
  'lookup_keys',
  'product',
  'recurring',
  'starting_after',
  'type',
];
const PRODUCT_LIST_PARAMS = [
  'active',
  'created',
  'ending_before',
  'expand',
  'ids',
  'limit',
  'shippable',
  'starting_after',
  'type',
  'url',
];

export function createStripeStub(options: StripeStubOptions = {}): StripeStub {
  const products = new Map<string, Stored<Stripe.Product>>();
  const prices = new Map<string, Stored<Stripe.Price>>();
  const requests: StubRequestLogEntry[] = [];
  let seq = 0;
  let failures: { status: number; remaining: number } | null = null;
  let server: Server | null = null;

  if (options.apiKey !== undefined && !options.apiKey.startsWith('sk_test_')) {
    throw new TypeError('apiKey must be a test-mode secret key (sk_test_...)');
  }

  function handle(req: IncomingMessage, requestId: string): { status: number; body: unknown } {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    authenticate(req.headers.authorization, options.apiKey);

    if (failures !== null && failures.remaining > 0) {
      failures.remaining -= 1;
      throw new StubError(
        failures.status,
        {
          type: 'api_error',
          message: `An unknown error occurred (simulated by the Stripe stub, request ${requestId}).`,
        },
        true,
      );
    }

    const match = /^\/v1\/(products|prices)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) {
      throw new StubError(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      });
    }
    if (method !== 'GET') throw notImplemented(`${method} ${url.pathname}`);
    const params = parseQuery(url.searchParams);
    const resource = match[1];
    const id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);

    if (resource === 'products') {
      if (id === undefined) return { status: 200, body: listProducts(params) };
      rejectUnknown(params, ['expand']);
      const expand = expandParam(params, 'default_price', ['tax_code']);
      return { status: 200, body: expandProduct(findProduct(id), expand) };
    }
    if (id === undefined) return { status: 200, body: listPrices(params) };
    rejectUnknown(params, ['expand']);
    const expand = expandParam(params, 'product', ['currency_options', 'tiers']);
    return { status: 200, body: expandPrice(findPrice(id), expand) };
  }

  function findProduct(id: string): Stripe.Product {
    const stored = products.get(id);
    if (!stored) throw missing('product', id, 'id');
    return stored.value;
  }

  function findPrice(id: string): Stripe.Price {
    const stored = prices.get(id);
    if (!stored) throw missing('price', id, 'id');
    return stored.value;
  }

  function expandProduct(product: Stripe.Product, expand: boolean): Stripe.Product {
    if (!expand || typeof product.default_price !== 'string') return product;
    const price = prices.get(product.default_price);
    if (!price) throw notImplemented(`expanding default_price ${product.default_price}, which it does not hold`);
    return { ...product, default_price: price.value };
  }

  function expandPrice(price: Stripe.Price, expand: boolean): Stripe.Price {
    if (!expand || typeof price.product !== 'string') return price;
    const product = products.get(price.product);
    if (!product) throw notImplemented(`expanding product ${price.product}, which it does not hold`);
    return { ...price, product: product.value };
  }

  function listProducts(params: Params): Stripe.ApiList<Stripe.Product> {
    rejectUnknown(params, PRODUCT_LIST_PARAMS);
    const expand = expandParam(params, 'data.default_price', ['data.tax_code']);
    const active = optionalBoolean(params, 'active');
    const shippable = optionalBoolean(params, 'shippable');
    const ids = optionalArray(params, 'ids');
    const type = optionalString(params, 'type');
    const url = optionalString(params, 'url');
    const created = createdFilter(params);
    const page = paginate(
      sortedNewestFirst(products),
      (p) =>
        (active === undefined || p.active === active) &&
        (shippable === undefined || p.shippable === shippable) &&
        (ids === undefined || ids.includes(p.id)) &&
        (type === undefined || p.type === type) &&
        (url === undefined || p.url === url) &&
        created(p.created),
      params,
      '/v1/products',
      'product',
    );
    return { ...page, data: page.data.map((p) => expandProduct(p, expand)) };
  }

  function listPrices(params: Params): Stripe.ApiList<Stripe.Price> {
    rejectUnknown(params, PRICE_LIST_PARAMS);
    if (params.has('recurring')) throw notImplemented('the recurring filter of GET /v1/prices');
    const expand = expandParam(params, 'data.product', ['data.currency_options', 'data.tiers']);
    const active = optionalBoolean(params, 'active');
    const currency = optionalString(params, 'currency')?.toLowerCase();
    const product = optionalString(params, 'product');
    const type = optionalString(params, 'type');
    const lookupKeys = optionalArray(params, 'lookup_keys');
    const created = createdFilter(params);
    const page = paginate(
      sortedNewestFirst(prices),
      (p) =>
        (active === undefined || p.active === active) &&
        (currency === undefined || p.currency === currency) &&
        (product === undefined || (typeof p.product === 'string' ? p.product : p.product.id) === product) &&
        (type === undefined || p.type === type) &&
        (lookupKeys === undefined || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
        created(p.created),
      params,
      '/v1/prices',
      'price',
    );
    return { ...page, data: page.data.map((p) => expandPrice(p, expand)) };
  }

  function sortedNewestFirst<T extends { created: number }>(store: Map<string, Stored<T>>): T[] {
    return [...store.values()]
      .sort((a, b) => b.value.created - a.value.created || b.seq - a.seq)
      .map((stored) => stored.value);
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    requestId: string,
    version: string,
    retryable: boolean,
  ): void {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Request-Id': requestId,
      'Stripe-Version': version,
    };
    // The stub's own 5xx answers (not implemented, stub bug) would only repeat: tell the SDK not to retry.
    if (status >= 500 && !retryable) headers['Stripe-Should-Retry'] = 'false';
    res.writeHead(status, headers);
    res.end(JSON.stringify(body, null, 2));
  }

  const stub: StripeStub = {
    setProduct(product) {
      if (product.livemode) throw new TypeError('the stub serves test mode only: livemode must be false');
      products.set(product.id, { seq: ++seq, value: { ...product } });
    },
    setPrice(price) {
      if (price.livemode) throw new TypeError('the stub serves test mode only: livemode must be false');
      prices.set(price.id, { seq: ++seq, value: { ...price } });
    },
    deleteProduct: (id) => products.delete(id),
    deletePrice: (id) => prices.delete(id),
    failNext(status = 500, count = 1) {
      failures = { status, remaining: count };
    },
    reset() {
      products.clear();
      prices.clear();
      requests.length = 0;
      failures = null;
    },
    requests,
    async start() {
      if (server !== null) throw new Error('the Stripe stub is already started');
      const current = createServer((req, res) => {
        const requestId = stripeRequestId();
        const stripeVersion = header(req.headers['stripe-version']);
        const version = stripeVersion ?? Stripe.API_VERSION;
        let status: number;
        let body: unknown;
        let retryable = false;
        try {
          ({ status, body } = handle(req, requestId));
        } catch (error) {
          const stubError =
            error instanceof StubError
              ? error
              : new StubError(500, { type: 'api_error', message: `The Stripe stub failed: ${String(error)}` });
          status = stubError.status;
          body = errorBody(stubError.body, requestId);
          retryable = stubError.simulated;
        }
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        requests.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          authorization: req.headers.authorization,
          stripeVersion,
          status,
          requestId,
        });
        // Read (and discard) any body before answering, so keep-alive connections stay usable.
        req.resume();
        req.on('end', () => send(res, status, body, requestId, version, retryable));
      });
      server = current;
      try {
        await new Promise<void>((resolve, reject) => {
          current.once('error', reject);
          current.listen(0, '127.0.0.1', () => {
            current.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        server = null;
        throw error;
      }
      const address = current.address();
      if (address === null || typeof address === 'string') throw new Error('the Stripe stub has no TCP address');
      const { port } = address;
      return {
        port,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            current.close((error) => {
              server = null;
              if (error) reject(error);
              else resolve();
            });
            current.closeAllConnections();
          }),
      };
    },
  };
  return stub;
}

/**
 * One page of `all` (every stored object, newest first) filtered by `keep`. Cursors are positions
 * in the full order, so a cursor may name an object the filters exclude, as with Stripe; it must
 * exist, though.
 */
function paginate<T extends { id: string }>(
  all: T[],
  keep: (item: T) => boolean,
  params: Params,
  url: string,
  noun: string,
): Stripe.ApiList<T> {
  const limit = optionalInteger(params, 'limit') ?? 10;
  if (limit < 1) throw invalid('This value must be greater than or equal to 1.', 'limit', 'parameter_invalid_integer');
  if (limit > 100) throw invalid('This value must be less than or equal to 100.', 'limit', 'parameter_invalid_integer');
  const startingAfter = optionalString(params, 'starting_after');
  const endingBefore = optionalString(params, 'ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalid('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  }
  const position = (cursor: string, param: string): number => {
    const index = all.findIndex((item) => item.id === cursor);
    if (index === -1) throw missing(noun, cursor, param, 400);
    return index;
  };
  if (endingBefore !== undefined) {
    // The page just before the cursor, still newest first; has_more: more before this page.
    const before = all.slice(0, position(endingBefore, 'ending_before')).filter(keep);
    const start = Math.max(0, before.length - limit);
    return { object: 'list', data: before.slice(start), has_more: start > 0, url };
  }
  const after =
    startingAfter === undefined
      ? all.filter(keep)
      : all.slice(position(startingAfter, 'starting_after') + 1).filter(keep);
  return { object: 'list', data: after.slice(0, limit), has_more: after.length > limit, url };
}

function authenticate(authorization: string | undefined, expectedKey: string | undefined): void {
  if (authorization === undefined || authorization.trim() === '') {
    throw new StubError(401, {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    });
  }
  const key = /^Bearer (\S+)$/.exec(authorization)?.[1];
  if (key === undefined || !key.startsWith('sk_test_') || (expectedKey !== undefined && key !== expectedKey)) {
    throw new StubError(401, {
      type: 'invalid_request_error',
      message: `Invalid API Key provided: ${redact(key ?? authorization)}`,
    });
  }
}

/** Stripe shows the start and the last four characters of a rejected key. */
function redact(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return rest.length <= 4
    ? `${prefix}${'*'.repeat(rest.length)}`
    : `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}

function errorBody(error: StripeErrorBody, requestId: string): { error: Record<string, string> } {
  const body: Record<string, string> = {};
  if (error.code !== undefined) body.code = error.code;
  const docUrl = error.code === undefined ? undefined : DOC_URLS[error.code];
  if (docUrl !== undefined) body.doc_url = docUrl;
  body.message = error.message;
  if (error.param !== undefined) body.param = error.param;
  body.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}?t=${unixNow()}`;
  body.type = error.type;
  return { error: body };
}

function missing(noun: string, id: string, param: string, status = 404): StubError {
  return new StubError(status, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${noun}: '${id}'`,
    param,
  });
}

function invalid(message: string, param: string, code?: string): StubError {
  return new StubError(400, { type: 'invalid_request_error', message, param, ...(code === undefined ? {} : { code }) });
}

function notImplemented(what: string): StubError {
  return new StubError(501, { type: 'api_error', message: `The Stripe stub does not implement ${what}.` });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Parses the SDK's query encoding: `a=1`, arrays as `a[0]=x&a[1]=y` (or `a[]=x`), hashes as
 * `a[gte]=1`.
 */
function parseQuery(search: URLSearchParams): Params {
  const params: Params = new Map();
  const arrays = new Map<string, Array<[number, string]>>();
  for (const [rawKey, value] of search) {
    const match = /^([^[\]]+)(?:\[([^[\]]*)\])?$/.exec(rawKey);
    if (!match?.[1]) throw invalid(`Invalid parameter name: ${rawKey}`, rawKey);
    const [, name, sub] = match;
    const existing = params.get(name);
    if (sub === undefined) {
      if (existing !== undefined) throw invalid(`Received both ${name} and ${name}[...] or ${name} twice.`, name);
      params.set(name, value);
    } else if (sub === '' || /^\d+$/.test(sub)) {
      if (existing !== undefined && !Array.isArray(existing)) throw invalid(`Invalid array`, name);
      const entries = arrays.get(name) ?? [];
      entries.push([sub === '' ? entries.length : Number(sub), value]);
      arrays.set(name, entries);
      params.set(name, []);
    } else {
      if (existing !== undefined && (typeof existing === 'string' || Array.isArray(existing))) {
        throw invalid(`Invalid hash`, name);
      }
      params.set(name, { ...(existing ?? {}), [sub]: value });
    }
  }
  for (const [name, entries] of arrays) {
    params.set(
      name,
      entries.sort((a, b) => a[0] - b[0]).map(([, value]) => value),
    );
  }
  return params;
}

function rejectUnknown(params: Params, allowed: readonly string[]): void {
  for (const name of params.keys()) {
    if (!allowed.includes(name)) {
      throw invalid(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
    }
  }
}

function optionalString(params: Params, name: string): string | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid string: ${name}`, name);
  return value;
}

function optionalArray(params: Params, name: string): string[] | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid('Invalid array', name);
  return value;
}

function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalid(`Invalid boolean: ${value}`, name);
  return value === 'true';
}

function optionalInteger(params: Params, name: string): number | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${value}`, name, 'parameter_invalid_integer');
  return Number(value);
}

/** `created=123` or `created[gt|gte|lt|lte]=123`. */
function createdFilter(params: Params): (created: number) => boolean {
  const value = params.get('created');
  if (value === undefined) return () => true;
  if (typeof value === 'string') {
    const exact = optionalInteger(params, 'created');
    return (created) => created === exact;
  }
  if (Array.isArray(value)) throw invalid('Invalid hash', 'created');
  const bounds: Array<(created: number) => boolean> = [];
  for (const [op, raw] of Object.entries(value)) {
    if (!/^\d+$/.test(raw)) throw invalid(`Invalid integer: ${raw}`, `created[${op}]`, 'parameter_invalid_integer');
    const bound = Number(raw);
    if (op === 'gt') bounds.push((c) => c > bound);
    else if (op === 'gte') bounds.push((c) => c >= bound);
    else if (op === 'lt') bounds.push((c) => c < bound);
    else if (op === 'lte') bounds.push((c) => c <= bound);
    else throw invalid(`Received unknown parameter: created[${op}]`, `created[${op}]`, 'parameter_unknown');
  }
  return (created) => bounds.every((test) => test(created));
}

/**
 * Reads `expand[]`: true if `supported` was asked for. Paths Stripe can expand but the stub
 * can't answer 501; anything else is Stripe's 400.
 */
function expandParam(params: Params, supported: string, alsoReal: readonly string[]): boolean {
  const paths = optionalArray(params, 'expand') ?? [];
  let wanted = false;
  for (const path of paths) {
    if (path === supported) wanted = true;
    else if (alsoReal.includes(path)) throw notImplemented(`expand[]=${path}`);
    else throw invalid(`This property cannot be expanded (${path}).`, 'expand');
  }
  return wanted;
}
