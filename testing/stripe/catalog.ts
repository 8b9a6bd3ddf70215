/**
 * The stub's catalog: products and prices, served as `GET /v1/products[/:id]` and
 * `GET /v1/prices[/:id]` with Stripe's filters, cursors and expansions.
 */
import type Stripe from 'stripe';
import { missing, notImplemented } from './stub-errors';
import {
  createdFilter,
  expandParam,
  optionalArray,
  optionalBoolean,
  optionalString,
  paginate,
  parseQuery,
  rejectUnknown,
  type Params,
} from './stub-params';

interface Stored<T> {
  seq: number;
  value: T;
}

export const CATALOG_PATH = /^\/v1\/(products|prices)(?:\/([^/]+))?$/;

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

export type Catalog = ReturnType<typeof createCatalog>;

export function createCatalog() {
  const products = new Map<string, Stored<Stripe.Product>>();
  const prices = new Map<string, Stored<Stripe.Price>>();
  let seq = 0;

  /** Answers a catalog request (`match` from CATALOG_PATH). */
  function handle(method: string, path: string, query: URLSearchParams): unknown {
    const match = CATALOG_PATH.exec(path);
    if (!match) throw new Error(`not a catalog path: ${path}`);
    if (method !== 'GET') throw notImplemented(`${method} ${path}`);
    const params = parseQuery(query);
    const resource = match[1];
    const id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);

    if (resource === 'products') {
      if (id === undefined) return listProducts(params);
      rejectUnknown(params, ['expand']);
      const expand = expandParam(params, 'default_price', ['tax_code']);
      return expandProduct(productOrMissing(id), expand);
    }
    if (id === undefined) return listPrices(params);
    rejectUnknown(params, ['expand']);
    const expand = expandParam(params, 'product', ['currency_options', 'tiers']);
    return expandPrice(priceOrMissing(id), expand);
  }

  function productOrMissing(id: string): Stripe.Product {
    const stored = products.get(id);
    if (!stored) throw missing('product', id, 'id');
    return stored.value;
  }

  function priceOrMissing(id: string): Stripe.Price {
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

  return {
    handle,
    setProduct: (product: Stripe.Product): void => {
      if (product.livemode) throw new TypeError('the stub serves test mode only: livemode must be false');
      products.set(product.id, { seq: ++seq, value: { ...product } });
    },
    setPrice: (price: Stripe.Price): void => {
      if (price.livemode) throw new TypeError('the stub serves test mode only: livemode must be false');
      prices.set(price.id, { seq: ++seq, value: { ...price } });
    },
    deleteProduct: (id: string): boolean => products.delete(id),
    deletePrice: (id: string): boolean => prices.delete(id),
    findProduct: (id: string): Stripe.Product | undefined => products.get(id)?.value,
    findPrice: (id: string): Stripe.Price | undefined => prices.get(id)?.value,
    reset(): void {
      products.clear();
      prices.clear();
    },
  };
}
