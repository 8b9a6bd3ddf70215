/**
 * No price change is left unpurged: a regeneration that fails is retried by the drainer once the
 * fault clears, and a process that dies between its commit and its purge leaves outbox rows the
 * running shop drains by itself. Nobody calls /api/revalidate in these tests.
 */
import { spawnSync } from 'node:child_process';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { logInAsAdmin } from './fixtures/admin-session';
import {
  catalogDb,
  closeCatalogDb,
  findProduct,
  listingPathsOf,
  productFormOf,
  productIdOf,
  removeVariants,
} from './fixtures/catalog-db';
import { cachedHtml, cardHtml, fetchPage, pricesIn } from './fixtures/storefront';
import { outboxStatus } from './fixtures/outbox';

test.afterAll(closeCatalogDb);

/** Polls `path` until its card (or, for a product page, the page) shows `price`. */
async function expectEventually(request: APIRequestContext, path: string, slug: string, price: number) {
  await expect
    .poll(
      async () => {
        const html = (await fetchPage(request, path)).html;
        return pricesIn(path.startsWith('/products/') ? html : (cardHtml(html, slug) ?? ''));
      },
      { message: `${path} shows ${price} for ${slug}`, timeout: 30_000, intervals: [200, 500, 1000] },
    )
    .toContain(price);
}

async function outboxRow(path: string) {
  const { rows } = await catalogDb().query<{ status: string; attempts: number; lastError: string | null }>(
    `SELECT status::text, attempts, "lastError" FROM "PagePurge" WHERE path = $1`,
    [path],
  );
  return rows[0];
}

test('a failed regeneration stays queued, is shown in the dashboard and /api/health, and converges once the fault clears', async ({
  page,
  request,
  baseURL,
}) => {
  // `broken` makes its listing page fail to render; `edited` is another product on that page.
  const broken = await findProduct({ offset: 30 });
  const [listing] = await listingPathsOf(broken.id);
  if (!listing) throw new Error(`${broken.slug} is in no category`);
  const before = await cachedHtml(request, listing);
  const editedSlug = [...before.matchAll(/data-product-slug="([^"]+)"/g)]
    .map((m) => m[1] ?? '')
    .find((slug) => slug !== broken.slug);
  if (!editedSlug) throw new Error(`${listing} lists no other product`);
  const editedId = await productIdOf(editedSlug);
  const form = await productFormOf(editedId);
  const newPrice = Math.min(...form.variants.map((v) => v.price)) - 7;

  await logInAsAdmin(page, baseURL ?? '');
  const restoreVariants = await removeVariants(broken.id);
  let restored = false;
  try {
    const save = await page.request.put(`/api/admin/products/${editedId}`, {
      headers: { Origin: baseURL ?? '' },
      data: { ...form, variants: form.variants.map((v, i) => (i === 0 ? { ...v, price: newPrice } : v)) },
    });
    expect(save.status(), await save.text()).toBe(200);
    const { results } = (await save.json()) as { results: { path: string; ok: boolean; error?: string }[] };
    expect(results.find((r) => r.path === listing)).toMatchObject({ ok: false });
    expect(results.find((r) => r.path === `/products/${editedSlug}`)).toMatchObject({ ok: true });

    // Committed, but the listing keeps its last good page, and the failure is visible.
    const stale = await fetchPage(request, listing);
    expect(pricesIn(cardHtml(stale.html, editedSlug) ?? '')).not.toContain(newPrice);
    expect(await outboxRow(listing)).toMatchObject({ status: 'PENDING' });
    expect((await outboxRow(listing))?.attempts).toBeGreaterThanOrEqual(1);
    expect((await outboxRow(listing))?.lastError).toContain(listing);
    const health = (await (await request.get('/api/health')).json()) as {
      purgeQueue: { pending: number; failing: number };
    };
    expect(health.purgeQueue.pending).toBeGreaterThanOrEqual(1);
    expect(health.purgeQueue.failing).toBeGreaterThanOrEqual(1);
    const dashboard = await page.request.get('/admin/purges');
    const dashboardHtml = await dashboard.text();
    expect(dashboardHtml).toContain(`data-path="${listing}" data-failing="true"`);

    await restoreVariants(); // the fault clears; nobody purges anything
    restored = true;
    await expectEventually(request, listing, editedSlug, newPrice);
    await expect.poll(() => outboxStatus(listing), { timeout: 10_000 }).toBe('DONE');
    const healthy = await request.get('/api/health');
    expect(healthy.status()).toBe(200);
  } finally {
    if (!restored) await restoreVariants();
  }
});

test('a process killed right after its commit, before purging, leaves pages the shop converges on by itself', async ({
  request,
}) => {
  const product = await findProduct({ offset: 31, featured: false });
  const paths = [`/products/${product.slug}`, ...(await listingPathsOf(product.id))];
  for (const path of paths) await cachedHtml(request, path);
  const form = await productFormOf(product.id);
  const newPrice = Math.min(...form.variants.map((v) => v.price)) - 13;
  const changed = { ...form, variants: form.variants.map((v, i) => (i === 0 ? { ...v, price: newPrice } : v)) };

  const crashed = spawnSync(
    'node_modules/.bin/tsx',
    ['e2e/helpers/commit-then-die.ts', String(product.id), JSON.stringify(changed)],
    {
      env: process.env,
      encoding: 'utf8',
    },
  );
  // Killed by SIGKILL: tsx reports its child's death as exit status 128 + 9.
  expect(crashed.signal ?? crashed.status, crashed.stderr).toEqual(crashed.signal ? 'SIGKILL' : 137);
  const { rows } = await catalogDb().query<{ price: number }>(
    `SELECT min(price)::int AS price FROM "Variant" WHERE "productId" = $1`,
    [product.id],
  );
  expect(rows[0]?.price).toBe(newPrice); // the change committed

  for (const path of paths) await expectEventually(request, path, product.slug, newPrice);
  for (const path of paths) expect((await fetchPage(request, path)).cache).toBe('HIT');
});
