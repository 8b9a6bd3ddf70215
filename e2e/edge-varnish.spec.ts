/**
 * Through the edge: the shipped VCL (varnish/default.vcl) in a varnishd of the suite's own, in
 * front of the app, whose Varnish edge target is on (scripts/e2e.ts). Next tells Varnish to keep
 * each page a year (s-maxage=31536000), so only the outbox's PURGE makes a change visible here.
 */
import { expect, test, type Page } from '@playwright/test';
import { loadVclVariant, startVarnish, stopVarnish, switchVcl } from '../scripts/lib/varnish';
import { saveVariantPrices } from './fixtures/admin-api';
import { skipUnlessAvailable } from './fixtures/required-services';
import { logInAsAdmin } from './fixtures/admin-session';
import { catalogDb, closeCatalogDb, findProduct, listingPathsOf, productFormOf } from './fixtures/catalog-db';
import { cardHtml, pricesIn } from './fixtures/storefront';
import { throughVarnish, varnishConfig } from './fixtures/varnish';
import { verifyPrices } from './fixtures/verify-prices';

const varnish = varnishConfig();
skipUnlessAvailable(
  varnish ? undefined : 'varnishd is not installed (Debian package `varnish`): the edge cache is not tested',
);
test.afterAll(closeCatalogDb);

const port = () => varnish?.listenPort ?? 0;

/** Requests `path` through Varnish until it is cached there; returns the cached copy. */
async function cachedAtEdge(path: string) {
  await throughVarnish(port(), path);
  const cached = await throughVarnish(port(), path);
  expect(cached.edgeCache, `${path} is cached by Varnish`).toBe('HIT');
  return cached;
}

/** Saves a new lowest price for `productId` through the dashboard API; returns the price and the purge report. */
async function changePrice(page: Page, baseURL: string, productId: number, delta: number) {
  const form = await productFormOf(productId);
  const price = Math.min(...form.variants.map((v) => v.price)) + delta;
  const results = await saveVariantPrices(page.request, baseURL, productId, (v, i) => (i === 0 ? price : v.price));
  return { price, results };
}

async function edgeRow(path: string) {
  const { rows } = await catalogDb().query<{ attempts: number; purgedGeneration: number; lastError: string | null }>(
    `SELECT attempts, "purgedGeneration", "lastError" FROM "EdgePurge" WHERE path = $1 AND target = 'varnish'`,
    [path],
  );
  return rows[0];
}

test('a price change from the dashboard is visible through Varnish on the very next request', async ({
  page,
  baseURL,
}) => {
  const product = await findProduct({ offset: 40 });
  const path = `/products/${product.slug}`;
  // The same page reached through a campaign link: one object with the bare path, or the purge
  // of the path would leave this copy stale for a year.
  const campaignLink = `${path}?utm_source=newsletter&utm_campaign=e2e`;
  await cachedAtEdge(path);
  expect((await cachedAtEdge(campaignLink)).edgeCache).toBe('HIT');
  await logInAsAdmin(page, baseURL ?? '');
  const { price, results } = await changePrice(page, baseURL ?? '', product.id, -11);
  expect(results.filter((r) => !r.ok)).toEqual([]);
  const next = await throughVarnish(port(), path);
  expect(next.edgeCache).toBe('MISS');
  expect(pricesIn(next.html)).toContain(price);
  expect((await throughVarnish(port(), path)).edgeCache).toBe('HIT'); // cached again, fresh
  expect(pricesIn((await throughVarnish(port(), campaignLink)).html), campaignLink).toContain(price);
});

test('the product feed and the sitemap are kept by Varnish and fresh on the next request after a save', async ({
  page,
  baseURL,
}) => {
  const product = await findProduct({ offset: 41 });
  // The e2e shop names its address (PUBLIC_SHOP_URL), so the documents may be kept at the edge.
  for (const path of ['/feeds/google.xml', '/sitemap.xml', '/feeds/google.xml?utm_source=merchant']) {
    await cachedAtEdge(path);
  }
  const lastmodOf = (xml: string) =>
    Date.parse(new RegExp(`/products/${product.slug}</loc><lastmod>([^<]+)<`).exec(xml)?.[1] ?? '');
  const lastmod = lastmodOf((await throughVarnish(port(), '/sitemap.xml')).html);
  expect(lastmod).toBeGreaterThan(0);
  await logInAsAdmin(page, baseURL ?? '');
  const { price, results } = await changePrice(page, baseURL ?? '', product.id, -13);
  expect(results.filter((r) => !r.ok)).toEqual([]);
  expect(results.map((r) => r.path)).toEqual(expect.arrayContaining(['/feeds/google.xml', '/sitemap.xml']));
  const feed = await throughVarnish(port(), '/feeds/google.xml');
  expect(feed.edgeCache).toBe('MISS');
  // changePrice reprices the product's first variant (by id).
  const { rows } = await catalogDb().query<{ sku: string }>(
    'SELECT sku FROM "Variant" WHERE "productId" = $1 ORDER BY id LIMIT 1',
    [product.id],
  );
  const sku = rows[0]?.sku ?? '';
  const item = new RegExp(`<item><g:id>${sku}</g:id>.*?</item>`).exec(feed.html)?.[0] ?? '';
  expect(item, `${sku} in the feed`).toMatch(/<g:(sale_)?price>/);
  expect(/<g:sale_price>([^<]+)</.exec(item)?.[1] ?? /<g:price>([^<]+)</.exec(item)?.[1]).toBe(
    `${(price / 100).toFixed(2)} USD`,
  );
  expect((await throughVarnish(port(), '/feeds/google.xml?utm_source=merchant')).edgeCache).toBe('HIT');
  expect(lastmodOf((await throughVarnish(port(), '/sitemap.xml')).html)).toBeGreaterThan(lastmod);
});

test('a PURGE from outside the ACL is refused and purges nothing', async () => {
  const path = '/';
  await cachedAtEdge(path);
  // 127.0.0.2 is loopback too, but not in the VCL's `purgers` ACL (127.0.0.1, ::1).
  const refused = await throughVarnish(port(), path, { method: 'PURGE', localAddress: '127.0.0.2' });
  expect(refused.status).toBe(405);
  expect((await throughVarnish(port(), path)).edgeCache).toBe('HIT');
});

test("a PURGE with another Host than the shoppers' still purges their page (the VCL hashes the URL only)", async () => {
  const product = await findProduct({ offset: 41 });
  const path = `/products/${product.slug}`;
  await cachedAtEdge(path);
  expect((await throughVarnish(port(), path, { host: 'www.shop.e2e.test' })).edgeCache).toBe('HIT'); // one object
  const purged = await throughVarnish(port(), path, { method: 'PURGE', host: `127.0.0.1:${port()}` });
  expect(purged.status).toBe(200);
  expect((await throughVarnish(port(), path)).edgeCache).toBe('MISS');
});

test('with Varnish down the page stays pending for Varnish, is retried, and converges when Varnish is back', async ({
  page,
  baseURL,
}) => {
  if (!varnish) return;
  const product = await findProduct({ offset: 42 });
  const path = `/products/${product.slug}`;
  await logInAsAdmin(page, baseURL ?? '');
  await stopVarnish(varnish);
  let running = false;
  try {
    const { price, results } = await changePrice(page, baseURL ?? '', product.id, -17);
    const report = results.find((r) => r.path === path);
    expect(report).toMatchObject({ ok: false, error: expect.stringContaining('not purged at the edge') });
    const { rows } = await catalogDb().query<{ status: string }>(
      `SELECT status::text FROM "PagePurge" WHERE path = $1`,
      [path],
    );
    expect(rows[0]?.status).toBe('PENDING');
    // The drainer keeps retrying Varnish alone (Next already has the new page).
    await expect.poll(async () => (await edgeRow(path))?.attempts ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(pricesIn(await (await page.request.get(path)).text())).toContain(price); // Next has it

    await startVarnish(varnish);
    running = true;
    await expect
      .poll(
        async () =>
          (await catalogDb().query(`SELECT 1 FROM "PagePurge" WHERE path = $1 AND status = 'DONE'`, [path])).rowCount,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    expect(await edgeRow(path)).toMatchObject({ attempts: 0, lastError: null });
    // Every page the change touched is fresh through Varnish.
    expect(pricesIn((await throughVarnish(port(), path)).html)).toContain(price);
    for (const listing of await listingPathsOf(product.id)) {
      const card = cardHtml((await throughVarnish(port(), listing)).html, product.slug);
      expect(pricesIn(card ?? ''), `${listing} through Varnish`).toContain(price);
    }
    // And the operators' consistency check passes through the edge on every page that shows the
    // product (--product: not the whole shop, whose crawl would render pages other specs need
    // unrendered; the final project checks the whole shop through the edge after every spec).
    const check = verifyPrices(`http://127.0.0.1:${port()}`, ['--product', product.slug]);
    expect(check.ok, check.output).toBe(true);
    test.info().annotations.push({ type: 'checked', description: check.summary });
  } finally {
    if (!running) await startVarnish(varnish);
  }
});

test('a PURGE that fails while Varnish keeps the old page is retried until the page is fresh at the edge', async ({
  page,
  baseURL,
}) => {
  if (!varnish) return;
  const product = await findProduct({ offset: 43 });
  const path = `/products/${product.slug}`;
  const old = await cachedAtEdge(path);
  await logInAsAdmin(page, baseURL ?? '');
  // Varnish keeps running and caching, but answers PURGE with 503 (a loaded VCL variant).
  loadVclVariant(varnish, 'purge_fails', (vcl) =>
    vcl.replace('return (purge);', 'return (synth(503, "purging is broken"));'),
  );
  let price: number;
  try {
    ({ price } = await changePrice(page, baseURL ?? '', product.id, -19));
    const stale = await throughVarnish(port(), path);
    expect(stale.edgeCache).toBe('HIT'); // the year-long copy: this is what an unretried purge would leave
    expect(stale.html).toBe(old.html);
    await expect.poll(async () => (await edgeRow(path))?.attempts ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect((await edgeRow(path))?.lastError).toContain('503');
  } finally {
    switchVcl(varnish, 'boot');
  }
  await expect
    .poll(async () => pricesIn((await throughVarnish(port(), path)).html), {
      message: `${path} through Varnish shows the new price`,
      timeout: 30_000,
    })
    .toContain(price);
});
