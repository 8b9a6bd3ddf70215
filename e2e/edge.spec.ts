/**
 * Through the edge: each shipped edge cache (varnish/default.vcl in a varnishd of the suite's own,
 * nginx/default.conf in an nginx of its own) in front of the app, whose edge targets are all on
 * (scripts/e2e.ts). Next tells an edge to keep each page a year (s-maxage=31536000), so only the
 * outbox's purge makes a change visible there. The same proofs run for every edge.
 */
import { expect, test, type Page } from '@playwright/test';
import { shouldSkipFor } from '../scripts/lib/required-services';
import { loadVclVariant, switchVcl } from '../scripts/lib/varnish';
import { saveVariantPrices } from './fixtures/admin-api';
import { logInAsAdmin } from './fixtures/admin-session';
import {
  catalogDb,
  closeCatalogDb,
  findProduct,
  insertProduct,
  listingPathsOf,
  productFormOf,
} from './fixtures/catalog-db';
import { edgesUnderTest, throughEdge } from './fixtures/edges';
import { cardHtml, pricesIn } from './fixtures/storefront';
import { varnishConfig } from './fixtures/varnish';
import { verifyPrices } from './fixtures/verify-prices';
import { outboxStatus } from './fixtures/outbox';
import { asServed } from './fixtures/purged-documents';

const edges = edgesUnderTest();
// A missing edge fails the run under REQUIRE_SCALE_OUT_SERVICES=1 (scripts/e2e.ts), else its tests are left out, saying so.
for (const [target, missing] of [
  ['varnish', 'varnishd is not installed (Debian package `varnish`): the Varnish edge is not tested'],
  ['nginx', 'nginx is not installed (Debian package `nginx`): the nginx edge is not tested'],
] as const) {
  if (!edges.some((edge) => edge.target === target)) shouldSkipFor(missing);
}
test.afterAll(closeCatalogDb);

/** Saves a new lowest price for `productId` through the dashboard API; returns the price and the purge report. */
async function changePrice(page: Page, baseURL: string, productId: number, delta: number) {
  const form = await productFormOf(productId);
  const price = Math.min(...form.variants.map((v) => v.price)) + delta;
  const results = await saveVariantPrices(page.request, baseURL, productId, (v, i) => (i === 0 ? price : v.price));
  return { price, results };
}

async function edgeRow(path: string, target: string) {
  const { rows } = await catalogDb().query<{ attempts: number; purgedGeneration: number; lastError: string | null }>(
    `SELECT attempts, "purgedGeneration", "lastError" FROM "EdgePurge" WHERE path = $1 AND target = $2`,
    [path, target],
  );
  return rows[0];
}

// Each edge gets its own products (offsets), so one edge's runs never start from what the other's changed.
const productOffsets = { varnish: 40, nginx: 60 } as const;

for (const edge of edges) {
  test.describe(`the ${edge.label} edge`, () => {
    const through = (path: string, options?: Parameters<typeof throughEdge>[2]) =>
      throughEdge(edge.port, path, options);
    const product = (n: number) => findProduct({ offset: productOffsets[edge.target] + n });

    /** Requests `path` through the edge until it is cached there; returns the cached copy. */
    async function cachedAtEdge(path: string, options?: Parameters<typeof throughEdge>[2]) {
      await through(path, options);
      const cached = await through(path, options);
      expect(cached.edgeCache, `${path} is cached by ${edge.label}`).toBe('HIT');
      return cached;
    }

    test(`a price change from the dashboard is visible through ${edge.label} on the very next request`, async ({
      page,
      baseURL,
    }) => {
      const { id, slug } = await product(0);
      const path = `/products/${slug}`;
      // The same page reached through a campaign link: one copy with the bare path, or the purge
      // of the path would leave this copy stale for a year.
      const campaignLink = `${path}?utm_source=newsletter&utm_campaign=e2e`;
      const gzip = { headers: { 'Accept-Encoding': 'gzip' } };
      await cachedAtEdge(path);
      await cachedAtEdge(path, gzip); // browsers ask for gzip: nginx keeps that copy apart
      expect((await cachedAtEdge(campaignLink)).edgeCache).toBe('HIT');
      await logInAsAdmin(page, baseURL ?? '');
      const { price, results } = await changePrice(page, baseURL ?? '', id, -11);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const next = await through(path);
      expect(next.edgeCache).toBe(edge.afterPurge);
      expect(pricesIn(next.html)).toContain(price);
      expect((await through(path)).edgeCache).toBe('HIT'); // cached, fresh
      expect(pricesIn((await through(campaignLink)).html), campaignLink).toContain(price);
      // The gzip copy is refreshed in place too: a hit, fresh.
      const gzipped = await through(path, gzip);
      expect(gzipped.edgeCache).toBe('HIT');
      const html = await (await page.request.get(`http://127.0.0.1:${edge.port}${path}`)).text(); // decoded
      expect(pricesIn(html)).toContain(price);
    });

    test(`the sitemap and the product feed are passed through by ${edge.label}, and fresh on the next request after a save`, async ({
      page,
      baseURL,
    }) => {
      const { id, slug } = await product(1);
      // Both are put together from their pieces by the app and never kept: no edge refresh moves
      // a whole document after each change (docs/surfaces.md).
      const documents = ['/sitemap.xml', '/feeds/google.xml', '/feeds/google.xml?utm_source=merchant'];
      for (const path of documents) {
        await through(path);
        expect((await through(path)).edgeCache, `${path} is passed by ${edge.label}`).toBe('MISS');
      }
      const lastmodOf = (xml: string) =>
        Date.parse(new RegExp(`/products/${slug}</loc><lastmod>([^<]+)<`).exec(xml)?.[1] ?? '');
      const lastmod = lastmodOf((await through('/sitemap.xml')).html);
      expect(lastmod).toBeGreaterThan(0);
      await logInAsAdmin(page, baseURL ?? '');
      const { price, results } = await changePrice(page, baseURL ?? '', id, -13);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(asServed(results.map((r) => r.path))).toEqual(
        expect.arrayContaining(['/feeds/google.xml', '/sitemap.xml']),
      );
      // changePrice reprices the product's first variant (by id).
      const { rows } = await catalogDb().query<{ sku: string }>(
        'SELECT sku FROM "Variant" WHERE "productId" = $1 ORDER BY id LIMIT 1',
        [id],
      );
      const sku = rows[0]?.sku ?? '';
      for (const path of ['/feeds/google.xml', '/feeds/google.xml?utm_source=merchant']) {
        const feed = await through(path);
        expect(feed.edgeCache).toBe('MISS');
        const item = new RegExp(`<item><g:id>${sku}</g:id>.*?</item>`).exec(feed.html)?.[0] ?? '';
        expect(item, `${sku} in ${path}`).toMatch(/<g:(sale_)?price>/);
        expect(/<g:sale_price>([^<]+)</.exec(item)?.[1] ?? /<g:price>([^<]+)</.exec(item)?.[1]).toBe(
          `${(price / 100).toFixed(2)} USD`,
        );
      }
      const sitemap = await through('/sitemap.xml');
      expect(sitemap.edgeCache).toBe('MISS');
      expect(lastmodOf(sitemap.html)).toBeGreaterThan(lastmod);
    });

    test(`a product archived in the dashboard answers 404 through ${edge.label} on the very next request`, async ({
      page,
      baseURL,
    }) => {
      // A product of its own (made after the build, rendered on its first request): archiving one
      // the other specs count by offset would shift theirs.
      const slug = `e2e-edge-archived-${edge.target}-${Date.now().toString(36)}`;
      const productId = await insertProduct({
        slug,
        title: 'Retired lamp',
        description: 'Soon archived.',
        price: 3900,
      });
      const path = `/products/${slug}`;
      expect((await cachedAtEdge(path)).status).toBe(200);
      await logInAsAdmin(page, baseURL ?? '');
      const form = await productFormOf(productId);
      const save = await page.request.put(`${baseURL}/api/admin/products/${productId}`, {
        headers: { Origin: baseURL ?? '' },
        data: { ...form, status: 'ARCHIVED' },
      });
      expect(save.status(), await save.text()).toBe(200);
      // Next answers the archived product's 404 uncacheable: the edge must drop its copy, not keep it.
      expect((await through(path)).status).toBe(404);
      expect((await through(path)).status).toBe(404);
    });

    test(`a purge from outside ${edge.label}'s ACL is refused and changes nothing`, async () => {
      const path = '/';
      const cached = await cachedAtEdge(path);
      // 127.0.0.2 is loopback too, but not in the shipped ACLs (127.0.0.1, ::1).
      const statuses = await edge.purge(path, { localAddress: '127.0.0.2' });
      expect(statuses.every((status) => status === edge.refusedStatus)).toBe(true);
      const after = await through(path);
      expect(after.edgeCache).toBe('HIT');
      expect(after.date, 'the copy cached before').toBe(cached.date);
    });

    test(`a purge with another Host than the shoppers' still reaches their page (${edge.label} keys on the URL only)`, async () => {
      const { slug } = await product(1);
      const path = `/products/${slug}`;
      const cached = await cachedAtEdge(path);
      expect((await through(path, { host: 'www.shop.e2e.test' })).edgeCache).toBe('HIT'); // one copy
      // Next dates each answer to the second: until one has passed, a new copy looks like the old.
      await expect
        .poll(
          async () => {
            expect(await edge.purge(path, { host: `127.0.0.1:${edge.port}` })).not.toContain(edge.refusedStatus);
            return (await through(path)).date;
          },
          { message: `${path}: the shoppers' copy is replaced`, timeout: 10_000 },
        )
        .not.toBe(cached.date);
    });

    test(`with ${edge.label} down the page stays pending for it, is retried, and converges when it is back`, async ({
      page,
      baseURL,
    }) => {
      const { id, slug } = await product(2);
      const path = `/products/${slug}`;
      await logInAsAdmin(page, baseURL ?? '');
      await edge.stop();
      let running = false;
      try {
        const { price, results } = await changePrice(page, baseURL ?? '', id, -17);
        const report = results.find((r) => r.path === path);
        expect(report).toMatchObject({ ok: false, error: expect.stringContaining('not purged at the edge') });
        expect(await outboxStatus(path)).toBe('PENDING');
        // The drainer keeps retrying this edge alone (Next already has the new page).
        await expect
          .poll(async () => (await edgeRow(path, edge.target))?.attempts ?? 0, { timeout: 15_000 })
          .toBeGreaterThanOrEqual(2);
        expect(pricesIn(await (await page.request.get(path)).text())).toContain(price); // Next has it

        await edge.start();
        running = true;
        await expect.poll(() => outboxStatus(path), { timeout: 30_000 }).toBe('DONE');
        expect(await edgeRow(path, edge.target)).toMatchObject({ attempts: 0, lastError: null });
        // Every page the change touched is fresh through the edge.
        expect(pricesIn((await through(path)).html)).toContain(price);
        for (const listing of await listingPathsOf(id)) {
          const card = cardHtml((await through(listing)).html, slug);
          expect(pricesIn(card ?? ''), `${listing} through ${edge.label}`).toContain(price);
        }
        // And the operators' consistency check passes through the edge on every page that shows
        // the product (--product: not the whole shop, whose crawl would render pages other specs
        // need unrendered; the final project checks the whole shop through the edges after every spec).
        const check = verifyPrices(`http://127.0.0.1:${edge.port}`, ['--product', slug]);
        expect(check.ok, check.output).toBe(true);
        test.info().annotations.push({ type: 'checked', description: check.summary });
      } finally {
        if (!running) await edge.start();
      }
    });
  });
}

test('a refresh and PURGE that fail while Varnish keeps the old page are retried until the page is fresh at the edge', async ({
  page,
  baseURL,
}) => {
  const varnish = varnishConfig();
  if (!varnish) return;
  const port = varnish.listenPort;
  const product = await findProduct({ offset: 43 });
  const path = `/products/${product.slug}`;
  await throughEdge(port, path);
  const old = await throughEdge(port, path);
  expect(old.edgeCache).toBe('HIT');
  await logInAsAdmin(page, baseURL ?? '');
  // Varnish keeps running and caching, but answers the app's refresh and PURGE with 503 (a loaded VCL variant).
  loadVclVariant(varnish, 'purge_fails', (vcl) =>
    vcl
      .replace('return (purge);', 'return (synth(503, "purging is broken"));')
      .replace('set req.hash_always_miss = true;', 'return (synth(503, "refreshing is broken"));'),
  );
  let price: number;
  try {
    ({ price } = await changePrice(page, baseURL ?? '', product.id, -19));
    const stale = await throughEdge(port, path);
    expect(stale.edgeCache).toBe('HIT'); // the year-long copy: this is what an unretried purge would leave
    expect(stale.html).toBe(old.html);
    await expect
      .poll(async () => (await edgeRow(path, 'varnish'))?.attempts ?? 0, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    expect((await edgeRow(path, 'varnish'))?.lastError).toContain('503');
  } finally {
    switchVcl(varnish, 'boot');
  }
  await expect
    .poll(async () => pricesIn((await throughEdge(port, path)).html), {
      message: `${path} through Varnish shows the new price`,
      timeout: 30_000,
    })
    .toContain(price);
});
