/**
 * The compose file's shop without Docker (`npm run demo:scaled`), composed by the same code
 * (scripts/lib/scaled-shop.ts) on the suite's build and database: Redis, two web `next start`
 * instances sharing it, two workers that regenerate for both (the compose file's worker and its
 * `second-worker` profile: what one worker does is a part of it; both below the web instances on
 * the CPU, as a large catalog runs them, while the default only skips that), and Varnish running
 * varnish/compose.vcl over the two. A price saved in the dashboard, or changed by a signed Stripe
 * webhook, must be what Varnish, app1 and app2 each show on their very next request: a missing
 * REDIS_URL leaves one instance stale, a missing edge target leaves Varnish stale. And a worker
 * rendered it, not the instances shoppers wait on (each instance logs its renders, LOG_RENDERS).
 * Both edges send the back office (dashboard, webhooks) to the worker: with app1 and app2 paused,
 * a sign-in, a save and a Stripe delivery still go through each of them. A bulk change applied at
 * app1 directly (past the edges) is handed to a worker.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { createClient } from 'redis';
import { BACKGROUND_NICENESS, cpuPriorityOf } from '../scripts/lib/next-server';
import { findRedisServer } from '../scripts/lib/redis-server';
import { waitForHealthyBackends } from '../scripts/lib/varnish';
import { missingForScaledShop, startScaledShop, type ScaledShop } from '../scripts/lib/scaled-shop';
import { logInAsAdminAt } from './fixtures/admin-session';
import { skipUnlessAvailable } from './fixtures/required-services';
import { saveVariantPrices } from './fixtures/admin-api';
import { finishedBulkJob, previewBulkChange, startBulkJob } from './fixtures/bulk-jobs';
import { closeCatalogDb, findProduct, listingPathsOf, productFormOf } from './fixtures/catalog-db';
import { createSecondShopDatabase, type ShopDatabase } from './fixtures/second-shop-database';
import { appliedDelivery } from './fixtures/inbox';
import { cardHtml, fetchPage, pricesIn } from './fixtures/storefront';
import { findLinkedProduct, sendStripeEvent, stripePriceChange } from './fixtures/webhooks';
import { unixNow } from '../testing/stripe/fixtures';
import { outboxStatus } from './fixtures/outbox';
import { isDocumentPath } from '../lib/storefront/paths';

// A private redis-server when there is one; otherwise the Redis REDIS_URL names, under a key
// prefix of this run's own (its keys are deleted afterwards).
const sharedRedisUrl = findRedisServer() ? undefined : process.env.REDIS_URL;
const keyPrefix = sharedRedisUrl ? `e2e-scaled-shop-${process.pid}-${Date.now()}` : undefined;
const missing = missingForScaledShop(sharedRedisUrl);

let shop: ScaledShop | undefined;
const contexts: APIRequestContext[] = [];
/** Everything each instance printed, by name (app1, app2, worker, worker-2). */
const printed = new Map<string, string>();

// A database of its own: its workers drain every due row of its outbox, and the suite's server
// every row of the suite's, each into its own caches and edges; sharing one they took each
// other's purges (and a stopped shop's edge purges were left to the suite's server).
let database: ShopDatabase | undefined;
const suiteDatabaseUrl = process.env.DATABASE_URL;

test.beforeAll(async () => {
  if (missing.length > 0) return;
  test.setTimeout(180_000);
  database = await createSecondShopDatabase('e2e_scaled_shop');
  // The fixtures (catalog-db, inbox, webhooks) read and write this shop's database from here on.
  await closeCatalogDb();
  process.env.DATABASE_URL = database.url;
  shop = await startScaledShop({
    root: process.cwd(),
    env: { ...process.env, DATABASE_URL: database.url },
    redisUrl: sharedRedisUrl,
    redisKeyPrefix: keyPrefix,
    workers: 2,
    // As a large catalog runs them (docs/scaling.md): the suite proves the shop stays right so.
    workersBelow: true,
    onOutput: (instance, chunk) => printed.set(instance, (printed.get(instance) ?? '') + chunk),
  });
});

/** What the workers (`worker`, `worker-2`, ...) printed, one after the other; the last `tail` characters of each. */
function printedByWorkers(tail?: number): string {
  return [...printed]
    .filter(([name]) => name.startsWith('worker'))
    .map(([name, text]) => `--- ${name}:\n${tail === undefined ? text : text.slice(-tail)}`)
    .join('\n');
}

/**
 * The paths rendered since `since` according to `output`, what an instance printed (its
 * LOG_RENDERS lines carry their time: a line can reach us after the response of the request that
 * rendered it).
 */
function rendersSince(since: Date, output: string): string[] {
  return [...output.matchAll(/^render (\S+) \(PURGE_ROLE=(\w+), pid \d+, at (\S+)\)/gm)]
    .filter((match) => new Date(match[3] ?? 0) >= since)
    .map((match) => `${match[1]} ${match[2]}`);
}

/** A worker rendered each of `pages` since `mark`, and neither web instance rendered any page. */
function expectOnlyWorkersRendered(mark: Date, pages: readonly string[]) {
  const logs = [...printed].map(([name, text]) => `--- ${name}:\n${text.slice(-2500)}`);
  const since = `since ${mark.toISOString()}\n${logs.join('\n')}`;
  expect(rendersSince(mark, printed.get('app1') ?? ''), `app1 (PURGE_ROLE=web) rendered nothing ${since}`).toEqual([]);
  expect(rendersSince(mark, printed.get('app2') ?? ''), `app2 (PURGE_ROLE=web) rendered nothing ${since}`).toEqual([]);
  const byWorkers = rendersSince(mark, printedByWorkers());
  for (const path of pages) expect(byWorkers, `a worker rendered ${path}`).toContain(`${path} worker`);
  // Which of the two did, in the report: a run where the second worker rendered is one where the
  // edges refreshed a page from a worker that did not render it.
  for (const [name, text] of printed) {
    if (!name.startsWith('worker')) continue;
    const rendered = rendersSince(mark, text).filter((line) => pages.some((path) => line === `${path} worker`));
    test.info().annotations.push({ type: `rendered by ${name}`, description: rendered.join(', ') || 'none' });
  }
}

test.afterAll(async () => {
  resumePaused();
  await Promise.all(contexts.splice(0).map((context) => context.dispose()));
  await shop?.stop();
  if (sharedRedisUrl && keyPrefix) await deleteKeys(sharedRedisUrl, `${keyPrefix}:*`);
  await closeCatalogDb();
  process.env.DATABASE_URL = suiteDatabaseUrl;
  await database?.drop();
});

/** Process groups a test stopped with SIGSTOP: resumed in its `finally`, and again after the suite whatever happened. */
const paused = new Set<number>();
function resumePaused() {
  for (const pid of paused) {
    try {
      process.kill(-pid, 'SIGCONT');
    } catch {
      // Gone already (ESRCH): nothing to resume, and the others must still be.
    }
  }
  paused.clear();
}

async function deleteKeys(url: string, pattern: string): Promise<void> {
  const client = await createClient({ url }).connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
}

async function contextFor(baseURL: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  contexts.push(context);
  return context;
}

/** The product's price on `path`: its card on a listing, every price on its own page. */
function priceShown(html: string, path: string, slug: string): number[] {
  return pricesIn(path.startsWith('/categories/') ? (cardHtml(html, slug) ?? '') : html);
}

/**
 * Saves each variant's price as `priceOf` says through the dashboard API; expects every page's
 * purge to succeed before the answer, and the shared documents, which follow it, to settle soon
 * after, as the dashboard's follow-up (GET /api/admin/purges/status) sees them.
 */
async function savePrices(
  admin: APIRequestContext,
  origin: string,
  productId: number,
  priceOf: (variant: { id: number; price: number }) => number,
) {
  const results = await saveVariantPrices(admin, origin, productId, priceOf);
  const workerPrinted = `the workers printed:\n${printedByWorkers(1500)}`;
  expect(
    results.filter((result) => !result.ok && !result.queued),
    workerPrinted,
  ).toEqual([]);
  const following = results.filter((result) => !result.ok && result.queued).map((result) => result.path);
  expect(following.filter((path) => !isDocumentPath(path))).toEqual([]);
  if (following.length === 0) return;
  const query = following.map((path) => `path=${encodeURIComponent(path)}`).join('&');
  await expect
    .poll(
      async () => {
        const status = await admin.get(`${origin}/api/admin/purges/status?${query}`);
        expect(status.status()).toBe(200);
        const { results: settled } = (await status.json()) as { results: { path: string; ok: boolean }[] };
        return settled
          .filter((result) => result.ok)
          .map((result) => result.path)
          .sort();
      },
      { message: workerPrinted, timeout: 10_000 },
    )
    .toEqual([...following].sort());
}

/** The started shop and its two web instances; skips the test (or fails it in CI) without the services. */
function runningShop() {
  skipUnlessAvailable(missing.length > 0 ? `needs ${missing.join(' and ')}` : undefined);
  test.setTimeout(90_000);
  if (!shop) throw new Error('the scaled shop did not start');
  const [app1, app2] = shop.instances;
  if (!app1 || !app2) throw new Error('the scaled shop has not two instances');
  expect(shop.workers, 'two workers, each claiming what the other has not').toHaveLength(2);
  return { shop, app1, app2 };
}

test('the workers run below app1 and app2 on the CPU, in their sessions too', () => {
  const { shop, app1, app2 } = runningShop();
  const own = cpuPriorityOf(process.pid).niceness;
  for (const web of [app1, app2])
    expect(cpuPriorityOf(web.pid).niceness, 'a web instance keeps its priority').toBe(own);
  for (const worker of shop.workers) {
    const priority = cpuPriorityOf(worker.pid);
    expect(priority.niceness, `worker pid ${worker.pid}`).toBe(own + BACKGROUND_NICENESS);
    // Where the kernel shares the CPU between sessions first, the worker's session is lowered too.
    if (priority.sessionNiceness !== null) expect(priority.sessionNiceness).toBe(BACKGROUND_NICENESS);
  }
});

test('a price saved in the dashboard is what Varnish, the nginx edge, app1 and app2 each show on their very next request', async () => {
  const { shop, app1, app2 } = runningShop();
  const product = await findProduct({ offset: 50 });
  const [listing] = await listingPathsOf(product.id);
  if (!listing) throw new Error(`${product.slug} is in no category`);
  const pages = [`/products/${product.slug}`, listing];
  const oldPrice = product.variant.price;
  const newPrice = oldPrice - 13;
  const originalPrices = new Map((await productFormOf(product.id)).variants.map((v) => [v.id, v.price]));
  const edge = await contextFor(shop.shopUrl);
  const nginxEdge = await contextFor(shop.nginxEdgeUrl);
  const atApp1 = await contextFor(app1.origin);
  const atApp2 = await contextFor(app2.origin);
  const where = { varnish: edge, nginx: nginxEdge, app1: atApp1, app2: atApp2 };
  const diagnostics = () => `\n--- app1:\n${app1.output()}\n--- app2:\n${app2.output()}`;

  // Every page cached everywhere with the old price first: what a missed purge would leave behind.
  for (const path of pages) {
    for (const [name, context] of [
      ['Varnish', edge],
      ['the nginx edge', nginxEdge],
    ] as const) {
      await fetchPage(context, path);
      const atEdge = await context.get(path);
      expect(atEdge.headers()['x-edge-cache'], `${path} cached by ${name}`).toBe('HIT');
      expect(priceShown(await atEdge.text(), path, product.slug)).toContain(oldPrice);
    }
    for (const [name, context] of [
      ['app1', atApp1],
      ['app2', atApp2],
    ] as const) {
      // Setup, not the proof: on a loaded machine app2 once answered MISS here (its read of the
      // shared Redis found no copy in time) and rendered the page itself. Asked until it hits.
      let page = await fetchPage(context, path);
      await expect
        .poll(async () => (page = await fetchPage(context, path)).cache, {
          message: `${path} on ${name} comes from the page cache`,
          timeout: 10_000,
        })
        .toBe('HIT');
      expect(priceShown(page.html, path, product.slug)).toContain(oldPrice);
    }
  }

  // The shop owner signs in and saves through the shoppers' address: Varnish sends the back office
  // to the worker, which renders the pages in the save's own request.
  const admin = await contextFor(shop.shopUrl);
  await logInAsAdminAt(admin, shop.shopUrl);
  try {
    // Every variant at one new price, so no row of the product page may still show the old one.
    const mark = new Date();
    await savePrices(admin, shop.shopUrl, product.id, () => newPrice);
    for (const path of pages) {
      for (const [name, context] of Object.entries(where)) {
        const page = await context.get(path);
        expect(page.status(), `${path} through ${name}`).toBe(200);
        const shown = priceShown(await page.text(), path, product.slug);
        expect(shown, `${path} through ${name} on the very next request${diagnostics()}`).toContain(newPrice);
        expect(shown).not.toContain(oldPrice);
        if (name.startsWith('app'))
          expect(page.headers()['x-nextjs-cache'], `${name} serves the shared copy`).toBe('HIT');
      }
    }
    expectOnlyWorkersRendered(mark, pages);
  } finally {
    await savePrices(admin, shop.shopUrl, product.id, (variant) => originalPrices.get(variant.id) ?? variant.price);
  }
});

test('a signed Stripe price change through Varnish is fresh at both edges, app1 and app2, rendered by the workers alone', async () => {
  const { shop, app1, app2 } = runningShop();
  const product = await findLinkedProduct('stripe', { featured: false, offset: 7 });
  const pages = [`/products/${product.slug}`, ...(await listingPathsOf(product.id)).slice(0, 1)];
  const oldPrice = product.variant.price;
  const newPrice = oldPrice - 29;
  const edge = await contextFor(shop.shopUrl);
  const where = {
    varnish: edge,
    nginx: await contextFor(shop.nginxEdgeUrl),
    app1: await contextFor(app1.origin),
    app2: await contextFor(app2.origin),
  };
  for (const path of pages) {
    for (const context of Object.values(where)) await fetchPage(context, path);
    expect(priceShown((await fetchPage(edge, path)).html, path, product.slug)).toContain(oldPrice);
  }

  const mark = new Date();
  try {
    // As Stripe sends it: to the shop's public address, where Varnish passes the webhooks to the worker.
    for (const event of stripePriceChange(product, newPrice)) {
      const applied = await appliedDelivery(await sendStripeEvent(edge, event));
      expect(applied.purge.filter((page) => !page.ok)).toEqual([]);
    }
    for (const path of pages) {
      for (const [name, context] of Object.entries(where)) {
        const page = await context.get(path);
        const shown = priceShown(await page.text(), path, product.slug);
        expect(shown, `${path} through ${name} on the very next request`).toContain(newPrice);
        // Its card shows the cheapest variant, now the changed one (the product page lists the others too).
        if (path !== `/products/${product.slug}`) expect(shown).not.toContain(oldPrice);
        // Served from the shared copy, not stale there: a stale one would make this instance render it again.
        if (name.startsWith('app'))
          expect(page.headers()['x-nextjs-cache'], `${name} serves the shared copy`).toBe('HIT');
      }
    }
    expectOnlyWorkersRendered(mark, pages);
  } finally {
    for (const event of stripePriceChange(
      await findLinkedProduct('stripe', { featured: false, offset: 7 }),
      oldPrice,
    )) {
      await appliedDelivery(await sendStripeEvent(edge, event));
    }
  }
});

test('the back office is served by the worker: with app1 and app2 paused, a sign-in, a save and a Stripe delivery go through both edges', async () => {
  const { shop, app1, app2 } = runningShop();
  test.setTimeout(180_000);
  const product = await findProduct({ offset: 70 });
  const linked = await findLinkedProduct('stripe', { featured: false, offset: 9 });
  const originalPrices = new Map((await productFormOf(product.id)).variants.map((v) => [v.id, v.price]));
  const edges = { varnish: shop.shopUrl, nginx: shop.nginxEdgeUrl };
  // Requests a paused instance took would hang: cut them short, so a wrong route fails in time.
  const admins = await Promise.all(
    Object.values(edges).map(async (baseURL) => {
      const context = await playwrightRequest.newContext({ baseURL, timeout: 15_000 });
      contexts.push(context);
      return context;
    }),
  );
  // Each delivery a second after the last: the inbox applies only news newer than what it applied.
  const at = unixNow();
  try {
    for (const instance of [app1, app2]) {
      paused.add(instance.pid);
      process.kill(-instance.pid, 'SIGSTOP');
    }
    for (const [index, [name, origin]] of Object.entries(edges).entries()) {
      const admin = admins[index]!;
      await logInAsAdminAt(admin, origin);
      await savePrices(admin, origin, product.id, (variant) => variant.price - 1);
      for (const event of stripePriceChange(linked, linked.variant.price - 3 - index, at + index)) {
        const delivered = await sendStripeEvent(admin, event);
        expect(delivered.status(), `a Stripe delivery through ${name}`).toBe(200);
        expect((await appliedDelivery(delivered, 15_000)).outcome).toBe('APPLIED');
      }
    }
  } finally {
    resumePaused();
    // Back in the round robin before the next test sends shoppers there.
    await waitForHealthyBackends(shop.varnish, 30_000);
  }
  const admin = admins[0]!;
  await savePrices(admin, shop.shopUrl, product.id, (variant) => originalPrices.get(variant.id) ?? variant.price);
  for (const event of stripePriceChange(linked, linked.variant.price, at + 2)) {
    expect((await appliedDelivery(await sendStripeEvent(admin, event))).outcome).toBe('APPLIED');
  }
});

test('a bulk change applied through a web instance is run by a worker, and its pages are fresh at both edges', async () => {
  const { shop, app1, app2 } = runningShop();
  const products = await Promise.all([findProduct({ offset: 60 }), findProduct({ offset: 61 })]);
  const pages = products.map((product) => `/products/${product.slug}`);
  const where = {
    varnish: await contextFor(shop.shopUrl),
    nginx: await contextFor(shop.nginxEdgeUrl),
    app1: await contextFor(app1.origin),
    app2: await contextFor(app2.origin),
  };
  for (const path of pages) for (const context of Object.values(where)) await fetchPage(context, path);
  // Straight to app1, past the edges (which send the dashboard to a worker): a job a web
  // instance creates is handed to a worker.
  const admin = await contextFor(app1.origin);
  await logInAsAdminAt(admin, app1.origin);
  const mark = new Date();
  const change = {
    target: { productIds: products.map((p) => p.id) },
    adjustment: { kind: 'fixed' as const, amountMinor: -7 },
  };
  const { previewToken } = await previewBulkChange(admin, app1.origin, change);
  const started = await startBulkJob(admin, app1.origin, change, previewToken);
  try {
    expect(await finishedBulkJob(admin, app1.origin, started.id, 60_000)).toMatchObject({ status: 'DONE' });
    const ran = new RegExp(`^bulk job ${started.id}: running in .* \\(PURGE_ROLE=(\\w+)\\)`, 'm');
    expect(ran.exec(printedByWorkers())?.[1], 'a worker ran the job').toBe('worker');
    for (const web of ['app1', 'app2']) expect(printed.get(web) ?? '', `${web} ran no batch`).not.toMatch(ran);
    for (const [index, product] of products.entries()) {
      const path = pages[index] ?? '';
      await expect.poll(() => outboxStatus(path)).toBe('DONE');
      for (const [name, context] of Object.entries(where)) {
        const shown = pricesIn(await (await context.get(path)).text());
        expect(shown, `${path} through ${name}`).toContain(product.variant.price - 7);
      }
    }
    expectOnlyWorkersRendered(mark, pages);
  } finally {
    const back = { ...change, adjustment: { kind: 'fixed' as const, amountMinor: 7 } };
    const { previewToken: token } = await previewBulkChange(admin, app1.origin, back);
    await finishedBulkJob(admin, app1.origin, (await startBulkJob(admin, app1.origin, back, token)).id, 60_000);
  }
});
