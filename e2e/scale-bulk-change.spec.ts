/**
 * At scale: a bulk change of a 1,000-product category leaves no page behind. The oracle is the
 * operators' own consistency check (`scripts/verify-prices.ts`), run against this shop. How fast
 * it converges is measured by `npm run bench:bulk-fanout` (see docs/benchmarks.md), not asserted here.
 */
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { logInAsAdmin } from './fixtures/admin-session';
import { finishedBulkJob, previewBulkChange, startBulkJob } from './fixtures/bulk-jobs';
import { catalogDb, closeCatalogDb } from './fixtures/catalog-db';
import { purge } from './fixtures/storefront';

const CATEGORY = 'e2e-scale';
const PRODUCTS = 1000;

test.afterAll(closeCatalogDb);

/** Runs the consistency check of the scale category against this shop; true when it passes. */
function consistencyCheckPasses(baseURL: string): { ok: boolean; output: string } {
  const run = spawnSync(
    'node_modules/.bin/tsx',
    ['scripts/verify-prices.ts', '--category', CATEGORY, '--concurrency', '4'],
    { env: { ...process.env, SHOP_URL: baseURL }, encoding: 'utf8', timeout: 180_000 },
  );
  return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}`.slice(-3000) };
}

test('a -5 % bulk change of 1,000 products: every page of the category and of its products converges', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? '';
  // The catalog as an import would leave it: written straight to the database, then announced.
  const { rows } = await catalogDb().query<{ id: number }>(
    `INSERT INTO "Category" (slug, name, position, "updatedAt") VALUES ($1, 'Scale test', 999, now()) RETURNING id`,
    [CATEGORY],
  );
  const categoryId = rows[0]?.id;
  await catalogDb().query(
    `WITH made AS (
       INSERT INTO "Product" (slug, title, description, status, "updatedAt")
       SELECT 'e2e-scale-' || n, 'Scale item ' || n, 'One of many.', 'ACTIVE', now() FROM generate_series(1, $2) n
       RETURNING id, slug)
     , linked AS (
       INSERT INTO "ProductCategory" ("productId", "categoryId", position)
       SELECT id, $1, row_number() OVER (ORDER BY id) * 10 FROM made RETURNING "productId")
     INSERT INTO "Variant" ("productId", sku, title, price, currency, stock, "updatedAt")
     SELECT id, upper(slug), 'One size', 1000 + (id % 900), 'USD', 5, now() FROM made`,
    [categoryId, PRODUCTS],
  );
  // As an import job would end: fresh planner statistics. Without them PostgreSQL 15 plans the
  // per-product placement query as a nested loop over all 1,000 rows (seconds, not milliseconds).
  await catalogDb().query('ANALYZE "Product", "ProductCategory", "Variant"');
  // And, as `npm run db:rebalance-listings` does, the category cut into pages by the worker.
  await catalogDb().query(`INSERT INTO "ListingRebalance" ("categoryId") VALUES ($1)`, [categoryId]);
  await expect
    .poll(
      async () =>
        (await catalogDb().query(`SELECT 1 FROM "ListingRebalance" WHERE "categoryId" = $1`, [categoryId])).rowCount,
      {
        timeout: 30_000,
      },
    )
    .toBe(0);
  await purge(request, { paths: ['/'] }); // the home page lists every category

  const warm = consistencyCheckPasses(origin); // renders and caches the 1,000 new pages
  expect(warm.ok, warm.output).toBe(true);

  await logInAsAdmin(page, origin);
  if (categoryId === undefined) throw new Error('the scale category was not created');
  const change = { target: { categoryId }, adjustment: { kind: 'percent', percent: -5 } } as const;
  const { totals, previewToken } = await previewBulkChange(page.request, origin, change);
  expect(totals.variants).toBe(PRODUCTS);

  const started = Date.now();
  const { id } = await startBulkJob(page.request, origin, change, previewToken);
  const job = await finishedBulkJob(page.request, origin, id, 300_000);
  // More than one batch, each committed on its own, every price changed once.
  expect(job).toMatchObject({ status: 'DONE', variantsChanged: PRODUCTS, variantsSkipped: 0 });
  expect(job.batchesDone).toBeGreaterThan(1);

  // The drainer regenerates the job's pages from the outbox: check until it passes.
  let check = consistencyCheckPasses(origin);
  for (let attempt = 1; !check.ok && attempt < 30; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    check = consistencyCheckPasses(origin);
  }
  expect(check.ok, check.output).toBe(true);
  test.info().annotations.push({ type: 'converged after', description: `${Date.now() - started} ms` });
});
