/**
 * Scale-out, proof 4: with neither Redis nor an edge cache configured (the quick start's one
 * process), the admin and webhook flows work as they always did. The suite's own server has the
 * Varnish target on wherever varnishd is installed (CI), so this spec starts a `next start` of its
 * own with REDIS_URL and every edge variable unset, and drives each flow through it: the very
 * next request to that instance shows the change from its own page cache, every page purged is
 * reported ok, and no edge purge is even attempted.
 */
import { randomUUID } from 'node:crypto';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { shopifyUpdateFor } from '../testing/shopify/payload-for-product';
import { saveVariantPrices, type PurgeReport } from './fixtures/admin-api';
import { logInAsAdminAt } from './fixtures/admin-session';
import { catalogDb, closeCatalogDb, findProduct, type ProductFixture } from './fixtures/catalog-db';
import { startNextInstance, type NextInstance } from './fixtures/next-instances';
import { cachedHtml, fetchPage, purge } from './fixtures/storefront';
import { appliedDelivery } from './fixtures/inbox';
import { expectPrice, pagesShowing } from './fixtures/storefront-pages';
import {
  findLinkedProduct,
  linkedToShopify,
  sendShopifyWebhook,
  sendStripeEvent,
  stripePriceChange,
} from './fixtures/webhooks';
import { asServed, withPurgedDocuments } from './fixtures/purged-documents';

/** The quick start's configuration: one process, its own page cache, nothing in front. */
const WITHOUT_REDIS_OR_EDGE = {
  REDIS_URL: undefined,
  REDIS_KEY_PREFIX: undefined,
  EDGE_VARNISH_URL: undefined,
  EDGE_NGINX_URL: undefined,
  EDGE_SHOP_HOST: undefined,
  CLOUDFLARE_ZONE_ID: undefined,
  CLOUDFLARE_API_TOKEN: undefined,
};

let instance: NextInstance | undefined;
let shop: APIRequestContext | undefined;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  instance = await startNextInstance(WITHOUT_REDIS_OR_EDGE);
  shop = await playwrightRequest.newContext({ baseURL: instance.origin });
});

test.afterAll(async () => {
  await shop?.dispose();
  await instance?.stop();
  await closeCatalogDb();
});

function started(): { instance: NextInstance; shop: APIRequestContext } {
  if (!instance || !shop) throw new Error('the instance did not start');
  return { instance, shop };
}

/** The database's clock now, to ask which edge purges happened after it. */
async function databaseNow(): Promise<Date> {
  const { rows } = await catalogDb().query<{ now: Date }>('SELECT now()');
  return rows[0]?.now ?? new Date(0);
}

/** Edge purges (done or failed) of `paths` since `since`: with no edge configured there are none. */
async function edgePurgesSince(paths: string[], since: Date): Promise<number> {
  const { rows } = await catalogDb().query<{ count: string }>(
    `SELECT count(*) FROM "EdgePurge" WHERE path = ANY($1::varchar[]) AND "nextAttemptAt" >= $2`,
    [paths, since],
  );
  return Number(rows[0]?.count ?? 0);
}

/** The report names every page that shows the product, each regenerated ok; the next request shows `price`. */
async function expectEverywhere(
  shopContext: APIRequestContext,
  report: PurgeReport[],
  paths: string[],
  product: ProductFixture,
  price: number,
) {
  expect(report.filter((r) => !r.ok)).toEqual([]);
  expect(new Set(asServed(report.map((r) => r.path)))).toEqual(new Set(withPurgedDocuments(paths)));
  for (const path of paths) {
    const next = await fetchPage(shopContext, path);
    expect(next.cache, `${path} from the page cache`).toBe('HIT');
    expectPrice(path, next.html, product.slug, price);
  }
}

/** Brings the suite's own server (and its Varnish) up to date with what this spec changed. */
async function purgeOnSuiteServer(request: APIRequestContext, product: ProductFixture): Promise<void> {
  await purge(request, { products: [product.slug] });
}

test('an admin price change: every page of the product is fresh on the next request', async ({ request }) => {
  const { instance: plain, shop: at } = started();
  const product = await findProduct({ offset: 52 });
  const paths = await pagesShowing(at, product);
  const newPrice = product.variant.price - 21;
  await logInAsAdminAt(at, plain.origin);
  const since = await databaseNow();
  try {
    const report = await saveVariantPrices(at, plain.origin, product.id, () => newPrice);
    await expectEverywhere(at, report, paths, product, newPrice);
    expect(await edgePurgesSince(paths, since), 'no edge purge without an edge').toBe(0);
  } finally {
    await purgeOnSuiteServer(request, product);
  }
});

test('a signed Stripe price change: every page of the product is fresh on the next request', async ({ request }) => {
  const { shop: at } = started();
  const product = await findLinkedProduct('stripe', { featured: false, offset: 7 });
  const paths = await pagesShowing(at, product);
  const newPrice = product.variant.price - 23;
  const since = await databaseNow();
  try {
    const report: PurgeReport[] = [];
    for (const event of stripePriceChange(product, newPrice)) {
      report.push(...(await appliedDelivery(await sendStripeEvent(at, event))).purge);
    }
    await expectEverywhere(at, report, paths, product, newPrice);
    expect(await edgePurgesSince(paths, since)).toBe(0);
  } finally {
    await purgeOnSuiteServer(request, product);
  }
});

test('a signed Shopify products/update: every page of the product is fresh on the next request', async ({
  request,
}) => {
  const { shop: at } = started();
  const product = await findLinkedProduct('shopify', { featured: false, offset: 4 });
  const paths = await pagesShowing(at, product);
  const newPrice = product.variant.price - 29;
  const since = await databaseNow();
  try {
    const payload = shopifyUpdateFor(linkedToShopify(product), { [product.variant.sku]: newPrice });
    const response = await sendShopifyWebhook(at, 'products/update', payload, { webhookId: randomUUID() });
    const answer = await appliedDelivery(response);
    expect(answer.outcome).toBe('APPLIED');
    await expectEverywhere(at, answer.purge, paths, product, newPrice);
    expect(await edgePurgesSince(paths, since)).toBe(0);
    // And it stays served from the page cache: nothing in front of it, nothing else to purge.
    expectPrice(paths[0] ?? '', await cachedHtml(at, paths[0] ?? ''), product.slug, newPrice);
  } finally {
    await purgeOnSuiteServer(request, product);
  }
});
