/**
 * Several `next start` instances behind one load balancer: a purge through one instance must
 * reach what every other instance serves. With REDIS_URL they share one ISR cache on Redis;
 * without it (the control) each keeps its own copy, and the other instance stays stale.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { createClient } from 'redis';
import { closeCatalogDb, findProduct, setProductPrice, type ProductFixture } from './fixtures/catalog-db';
import { startNextInstance, type NextInstance } from './fixtures/next-instances';
import { findFreePort } from '../scripts/lib/free-port';
import { findRedisServer, redisAnswers, startRedisServer } from '../scripts/lib/redis-server';
import { skipUnlessAvailable } from './fixtures/required-services';
import { createSecondShopDatabase } from './fixtures/second-shop-database';
import { cachedHtml, fetchPage, pricesIn, purge, revalidateSecret } from './fixtures/storefront';
import { pagesOnly, withPurgedDocuments } from './fixtures/purged-documents';
import { outboxStatus } from './fixtures/outbox';

const REDIS_URL = 'redis://127.0.0.1:6379';
const keyPrefix = `e2e-scale-out-${process.pid}-${Date.now()}`;
const instances: NextInstance[] = [];
const contexts: APIRequestContext[] = [];

test.afterAll(async () => {
  await Promise.all(contexts.map((context) => context.dispose()));
  await Promise.all(instances.map((instance) => instance.stop()));
  await deleteRedisKeys(`${keyPrefix}:*`);
  await closeCatalogDb();
});

async function redisKeys(pattern: string): Promise<string[]> {
  const client = await createClient({ url: REDIS_URL }).connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 500 })) keys.push(...batch);
    return keys;
  } finally {
    client.destroy();
  }
}

async function deleteRedisKeys(pattern: string): Promise<void> {
  if (!(await redisAnswers(REDIS_URL))) return;
  const keys = await redisKeys(pattern);
  if (keys.length === 0) return;
  const client = await createClient({ url: REDIS_URL }).connect();
  await client.unlink(keys);
  client.destroy();
}

/** Two fresh instances on the suite's build with `env`, and a request context for each. */
async function startPair(env: Record<string, string | undefined>) {
  const [a, b] = await Promise.all([startNextInstance(env), startNextInstance(env)]);
  instances.push(a, b);
  const [atA, atB] = await Promise.all([
    playwrightRequest.newContext({ baseURL: a.origin }),
    playwrightRequest.newContext({ baseURL: b.origin }),
  ]);
  contexts.push(atA, atB);
  return { a, b, atA, atB };
}

/** Warms the product page on both, changes its price, purges through A only; returns B's next response. */
async function purgeThroughAOnly(atA: APIRequestContext, atB: APIRequestContext, product: ProductFixture) {
  const page = `/products/${product.slug}`;
  const oldPrice = product.variant.price;
  const newPrice = oldPrice - 11;
  expect(pricesIn(await cachedHtml(atA, page))).toContain(oldPrice);
  expect(pricesIn(await cachedHtml(atB, page))).toContain(oldPrice);
  await setProductPrice(product.id, newPrice);
  const { results } = await purge(atA, { paths: [page] });
  expect(results.map((r) => r.path).sort()).toEqual(withPurgedDocuments([page]).sort());
  expect(results.filter((r) => !r.ok)).toEqual([]);
  expect(pricesIn((await fetchPage(atA, page)).html), 'A after its own purge').toContain(newPrice);
  return { page, oldPrice, newPrice, atB: await fetchPage(atB, page) };
}

/** Puts the price back and purges through the suite's own server, so later specs find a consistent shop. */
async function restorePrice(request: APIRequestContext, product: ProductFixture): Promise<void> {
  await setProductPrice(product.id, product.variant.price);
  await purge(request, { paths: [`/products/${product.slug}`] });
}

test('two instances on one Redis: a purge through A is what B serves on its very next request', async ({ request }) => {
  test.setTimeout(180_000);
  const missing = (await redisAnswers(REDIS_URL))
    ? undefined
    : `Redis not reachable at ${REDIS_URL.replace('redis://', '')}`;
  skipUnlessAvailable(missing);
  const { a, b, atA, atB } = await startPair({ REDIS_URL, REDIS_KEY_PREFIX: keyPrefix });
  const product = await findProduct({ offset: 40 });
  try {
    const seen = await purgeThroughAOnly(atA, atB, product);
    expect(seen.atB.status).toBe(200);
    expect(pricesIn(seen.atB.html), `B after a purge through A\n${a.output()}\n${b.output()}`).toContain(seen.newPrice);
    expect(pricesIn(seen.atB.html)).not.toContain(seen.oldPrice);
    expect(seen.atB.cache, 'B serves it from the shared cache, not by rendering it itself').toBe('HIT');

    // The keys carry the build id, so a new deploy never serves this build's pages.
    const buildId = readFileSync(path.join(process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID'), 'utf8').trim();
    const keys = await redisKeys(`${keyPrefix}:*`);
    const pageKey = keys.find((key) => key.endsWith(seen.page));
    expect(pageKey, keys.join('\n')).toMatch(new RegExp(`^${keyPrefix}:${buildId}:`));
  } finally {
    await restorePrice(request, product);
  }
});

test('Redis down during a purge: the page stays queued, and once Redis is back with its old copy both instances serve the new price', async () => {
  test.setTimeout(180_000);
  const binary = findRedisServer();
  skipUnlessAvailable(binary ? undefined : 'redis-server is not installed (Debian package `redis-server`)');
  // A deployment of its own: two instances on their own database and Redis. (The suite's server,
  // with no Redis, would otherwise drain the pair's outbox into its own cache.)
  const [shopDatabase, redis] = await Promise.all([
    createSecondShopDatabase('e2e_redis_outage'),
    startRedisServer(binary as string, await findFreePort()),
  ]);
  const shopDb = new pg.Pool({ connectionString: shopDatabase.url, max: 2 });
  try {
    const product = await findProduct({ offset: 44 }, shopDb);
    const page = `/products/${product.slug}`;
    const oldPrice = product.variant.price;
    const newPrice = oldPrice - 13;
    const purgeStatus = () => outboxStatus(page, shopDb);
    const { a, b, atA, atB } = await startPair({
      DATABASE_URL: shopDatabase.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: keyPrefix,
    });
    expect(pricesIn(await cachedHtml(atA, page))).toContain(oldPrice);
    expect(pricesIn(await cachedHtml(atB, page))).toContain(oldPrice);

    // Redis goes away with the old page in it; the price changes meanwhile.
    await redis.takeDown();
    await setProductPrice(product.id, newPrice, shopDb);
    const response = await atA.post('/api/revalidate', {
      headers: { Authorization: `Bearer ${revalidateSecret()}` },
      data: { paths: [page] },
    });
    const body = (await response.json()) as { results: { path: string; ok: boolean; error?: string }[] };
    expect(pagesOnly(body.results), 'a purge Redis did not take is not reported done').toEqual([
      expect.objectContaining({ path: page, ok: false, error: expect.stringMatching(/shared page cache \(Redis\)/) }),
    ]);
    expect(response.status()).toBe(500);
    // While Redis is down each instance renders the page from the database, and the page stays
    // pending (retried every few seconds) however long the outage lasts.
    expect(pricesIn((await fetchPage(atB, page)).html), 'B while Redis is down').toContain(newPrice);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await purgeStatus(), 'still pending while Redis is down').toBe('PENDING');

    // Redis is back, still holding the page from before the change: the outbox's retry renders
    // the page into it, with no human action, and both instances serve the new price from it.
    await redis.bringBack();
    await expect.poll(purgeStatus, { timeout: 30_000, message: `${a.output()}\n${b.output()}` }).toBe('DONE');
    for (const [name, at] of [
      ['A', atA],
      ['B', atB],
    ] as const) {
      const seen = await fetchPage(at, page);
      expect(seen.cache, `${name} serves it from Redis`).toBe('HIT');
      expect(pricesIn(seen.html), `${name} after Redis came back`).toContain(newPrice);
      expect(pricesIn(seen.html)).not.toContain(oldPrice);
    }
  } finally {
    await Promise.all(instances.splice(0).map((instance) => instance.stop()));
    await shopDb.end();
    await Promise.all([redis.stop(), shopDatabase.drop()]);
  }
});

test('control, without REDIS_URL: B keeps serving the old price after a purge through A', async ({ request }) => {
  test.setTimeout(180_000);
  // Drainers off for the test's span: either instance's drainer may pick up A's outbox row, and
  // here it matters which instance regenerates (each has its own cache).
  const { atA, atB } = await startPair({
    REDIS_URL: undefined,
    REDIS_KEY_PREFIX: undefined,
    PURGE_DRAIN_INTERVAL_MS: '60000',
  });
  const product = await findProduct({ offset: 41 });
  try {
    const seen = await purgeThroughAOnly(atA, atB, product);
    expect(seen.atB.status).toBe(200);
    expect(pricesIn(seen.atB.html), 'B has its own copy and nobody purged it').toContain(seen.oldPrice);
    expect(pricesIn(seen.atB.html)).not.toContain(seen.newPrice);
  } finally {
    await restorePrice(request, product);
  }
});
