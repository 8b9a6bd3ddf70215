/**
 * A bulk change's batch holds its products' rows until it commits. A delivery for one of them
 * used to be applied inside the request, which then waited behind the lock past Shopify's 5 s
 * deadline. With the inbox it is answered as soon as it is recorded, and applied once the rows
 * are free (after the batch commits).
 * How fast the answer comes under load is measured by `npm run bench:webhook-during-bulk`.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { shopifyUpdateFor } from '../testing/shopify/payload-for-product';
import { logInAsAdmin } from './fixtures/admin-session';
import { bulkJob, finishedBulkJob, previewBulkChange, startBulkJob } from './fixtures/bulk-jobs';
import { catalogDb, closeCatalogDb } from './fixtures/catalog-db';
import { appliedDelivery, deliveryRow, recordedDeliveryId } from './fixtures/inbox';
import { fetchPage } from './fixtures/storefront';
import { expectPrice, pagesShowing } from './fixtures/storefront-pages';
import { findLinkedProduct, linkedToShopify, sendShopifyWebhook, variantPrice } from './fixtures/webhooks';

test.afterAll(closeCatalogDb);

/** Whether some session is waiting for a row lock while running a FOR UPDATE (the bulk batch's lock pass). */
async function bulkChangeIsWaitingForLock(): Promise<boolean> {
  const { rows } = await catalogDb().query(
    `SELECT 1 FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FOR UPDATE%'`,
  );
  return rows.length > 0;
}

test('a Shopify delivery during a running bulk job is answered at once and applied after its batch commits', async ({
  page,
  request,
  baseURL,
}) => {
  const origin = baseURL ?? '';
  const product = await findLinkedProduct('shopify', { featured: false, offset: 6 });
  const paths = await pagesShowing(request, product);
  const { rows } = await catalogDb().query<{ categoryId: number; lastId: number }>(
    `SELECT c.id AS "categoryId", max(p.id) AS "lastId" FROM "Category" c
       JOIN "ProductCategory" pc ON pc."categoryId" = c.id JOIN "Product" p ON p.id = pc."productId"
      WHERE c.slug = $1 AND p.status IN ('ACTIVE', 'DRAFT') GROUP BY c.id`,
    [product.categorySlugs[0]],
  );
  const category = rows[0];
  if (!category) throw new Error(`no category ${product.categorySlugs[0]}`);
  expect(product.id).toBeLessThan(category.lastId); // the bulk change locks it before it waits

  await logInAsAdmin(page, origin);
  const change = { target: { categoryId: category.categoryId }, adjustment: { kind: 'percent', percent: -5 } } as const;
  const { previewToken } = await previewBulkChange(page.request, origin, change);

  // Keeps the bulk job's batch running (the seeded category is one batch): it locks the category's
  // products in id order and waits at the last one, holding every other row (ours included) until
  // this session lets go.
  const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  let newPrice = 0;
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM "Product" WHERE id = $1 FOR UPDATE', [category.lastId]);
    const job = await startBulkJob(page.request, origin, change, previewToken);
    await expect.poll(bulkChangeIsWaitingForLock, { message: 'the bulk batch holds the rows' }).toBe(true);

    newPrice = product.variant.price - 61;
    const payload = shopifyUpdateFor(linkedToShopify(product), { [product.variant.sku]: newPrice });
    const response = await sendShopifyWebhook(request, 'products/update', payload, { webhookId: randomUUID() });
    const id = await recordedDeliveryId(response); // answered 200 with its inbox id
    expect(await bulkJob(page.request, origin, job.id), 'answered while the batch still holds the rows').toMatchObject({
      status: 'RUNNING',
      batchesDone: 0,
    });
    expect((await deliveryRow(id)).status).toBe('PENDING');
    expect(await variantPrice(product.variant.sku)).toBe(product.variant.price);

    await holder.query('ROLLBACK');
    expect(await finishedBulkJob(page.request, origin, job.id)).toMatchObject({ status: 'DONE', variantsSkipped: 0 });
    const applied = await appliedDelivery(response);
    expect(applied.outcome, applied.detail).toBe('APPLIED');
  } finally {
    await holder.end();
  }

  // Applied after the bulk change committed: its price is the last word, and the audit log agrees.
  expect(await variantPrice(product.variant.sku)).toBe(newPrice);
  const audit = await catalogDb().query<{ source: string; newPrice: number }>(
    `SELECT pc.source::text, pc."newPrice" FROM "PriceChange" pc JOIN "Variant" v ON v.id = pc."variantId"
      WHERE v.sku = $1 ORDER BY pc.id DESC LIMIT 2`,
    [product.variant.sku],
  );
  expect(audit.rows.map((r) => r.source)).toEqual(['SHOPIFY', 'ADMIN']);
  // The pages converge once the drainer has regenerated what the job and the delivery queued.
  await expect(async () => {
    for (const path of paths) expectPrice(path, (await fetchPage(request, path)).html, product.slug, newPrice);
  }).toPass({ timeout: 60_000 });
});
