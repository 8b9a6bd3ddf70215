import { expect, test } from '@playwright/test';
import pg from 'pg';
import { unixNow } from '../testing/stripe/fixtures';
import { stripePriceChangeEvents } from '../testing/stripe/price-change';
import { closeCatalogDb, catalogDb } from './fixtures/catalog-db';
import { logInAsAdmin } from './fixtures/admin-session';
import { appliedDelivery, deliveryRow, recordedDeliveryId } from './fixtures/inbox';
import { cachedHtml, fetchPage, jsonLdOffers, pricesIn } from './fixtures/storefront';
import { expectPrice, pagesShowing } from './fixtures/storefront-pages';
import {
  findLinkedProduct,
  lastPriceChangeId,
  priceChangesOf,
  sendStripeEvent,
  stripePriceChange,
  variantPrice,
} from './fixtures/webhooks';
import { asServed, withPurgedDocuments } from './fixtures/purged-documents';

test.afterAll(closeCatalogDb);

const priceChange = stripePriceChange;

test('a Stripe price change (new price, default_price switched) is on every page, once, with its event id', async ({
  request,
}) => {
  const product = await findLinkedProduct('stripe', { featured: true });
  const auditBefore = await lastPriceChangeId();
  const paths = await pagesShowing(request, product);
  expect(paths).toContain('/');
  expect(paths.length).toBeGreaterThanOrEqual(3);
  for (const path of paths) expectPrice(path, await cachedHtml(request, path), product.slug, product.variant.price);
  const newPrice = product.variant.price - 77;

  const events = priceChange(product, newPrice);
  const answers = [];
  for (const event of events) answers.push(await appliedDelivery(await sendStripeEvent(request, event)));
  const purged = answers.flatMap((a) => a.purge);
  expect(purged.every((r) => r.ok)).toBe(true);
  expect(new Set(asServed(purged.map((r) => r.path)))).toEqual(new Set(withPurgedDocuments(paths)));

  for (const path of paths) {
    const next = await fetchPage(request, path);
    expect(next.status, path).toBe(200);
    expectPrice(path, next.html, product.slug, newPrice);
    expectPrice(path, await cachedHtml(request, path), product.slug, newPrice);
  }
  const offers = jsonLdOffers((await fetchPage(request, `/products/${product.slug}`)).html);
  expect(offers.find((o) => o.sku === product.variant.sku)?.price).toBe((newPrice / 100).toFixed(2));

  // The new price is tagged with the variant's sku, so price.created is the event that applies it.
  const created = events.find((e) => e.type === 'price.created');
  expect(await priceChangesOf(product.id, auditBefore)).toEqual([{ newPrice, source: 'STRIPE', eventId: created?.id }]);

  // Stripe delivers at least once: the same event again answers 200 and changes nothing.
  for (const event of events) {
    const again = await sendStripeEvent(request, event);
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
  }
  expect(await priceChangesOf(product.id, auditBefore)).toHaveLength(1);
});

test('an untagged new price reaches the first variant only through product.updated switching default_price', async ({
  request,
}) => {
  const product = await findLinkedProduct('stripe', { featured: false, offset: 5 });
  const [first] = product.variants;
  if (!first) throw new Error(`${product.slug} has no variant`);
  const auditBefore = await lastPriceChangeId();
  const newPrice = first.price - 33;
  const events = stripePriceChangeEvents({
    stripeProductId: product.stripeProductId ?? '',
    productName: product.title,
    description: product.description,
    sku: first.sku,
    tagSku: false,
    currency: first.currency,
    unitAmount: newPrice,
    previous: first.stripePriceId ? { id: first.stripePriceId, unitAmount: first.price } : null,
  });
  const [created, switched, ...rest] = events;
  if (created?.type !== 'price.created' || switched?.type !== 'product.updated') throw new Error('unexpected events');
  expect(created.data.object.metadata).toEqual({});

  await appliedDelivery(await sendStripeEvent(request, created));
  expect(await variantPrice(first.sku)).toBe(first.price); // untagged and not the default yet: no variant's price
  for (const event of [switched, ...rest]) await appliedDelivery(await sendStripeEvent(request, event));

  expect(await variantPrice(first.sku)).toBe(newPrice);
  expect(await priceChangesOf(product.id, auditBefore)).toEqual([{ newPrice, source: 'STRIPE', eventId: switched.id }]);
  const offers = jsonLdOffers(await cachedHtml(request, `/products/${product.slug}`));
  expect(offers.find((o) => o.sku === first.sku)?.price).toBe((newPrice / 100).toFixed(2));
});

test('an older event delivered after a newer one never brings the older price back', async ({ request }) => {
  const product = await findLinkedProduct('stripe', { featured: false, offset: 1 });
  const now = unixNow();
  const newer = priceChange(product, product.variant.price - 50, now);
  const older = priceChange(product, product.variant.price - 10, now - 120);
  for (const event of newer) await appliedDelivery(await sendStripeEvent(request, event));
  for (const event of older) await appliedDelivery(await sendStripeEvent(request, event));
  const path = `/products/${product.slug}`;
  expect(await variantPrice(product.variant.sku)).toBe(product.variant.price - 50);
  const html = await cachedHtml(request, path);
  expect(jsonLdOffers(html).find((o) => o.sku === product.variant.sku)?.price).toBe(
    ((product.variant.price - 50) / 100).toFixed(2),
  );
});

test('a bad signature, or a good one ten minutes old, is refused with 400 and changes nothing', async ({ request }) => {
  const product = await findLinkedProduct('stripe', { featured: false, offset: 2 });
  const auditBefore = await lastPriceChangeId();
  const path = `/products/${product.slug}`;
  const before = pricesIn(await cachedHtml(request, path));
  const events = priceChange(product, product.variant.price - 90);

  for (const event of events) {
    const forged = await sendStripeEvent(request, event, { secret: 'whsec_not_the_shops_secret' });
    expect(forged.status()).toBe(400);
    const replayed = await sendStripeEvent(request, event, { timestamp: unixNow() - 600 });
    expect(replayed.status()).toBe(400);
  }
  const unsigned = await request.post('/api/webhooks/stripe', { data: JSON.stringify(events[0]) });
  expect(unsigned.status()).toBe(400);

  expect(await variantPrice(product.variant.sku)).toBe(product.variant.price);
  expect(await priceChangesOf(product.id, auditBefore)).toEqual([]);
  const after = await fetchPage(request, path);
  expect(after.cache).toBe('HIT');
  expect(pricesIn(after.html)).toEqual(before);
});

test('the database failing while a delivery is applied leaves nothing half-written; the inbox retries it', async ({
  request,
  page,
  baseURL,
}) => {
  const product = await findLinkedProduct('stripe', { featured: false, offset: 3 });
  const auditBefore = await lastPriceChangeId();
  const newPrice = product.variant.price - 11;
  const [created] = priceChange(product, newPrice);
  if (created?.type !== 'price.created') throw new Error('expected a price.created first');

  // The audit insert is the last write of the transaction: failing it there comes after the
  // StripePrice row and the variant's new price, and both must roll back.
  await catalogDb().query(`
    CREATE FUNCTION e2e_fail_audit() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'e2e: database failure mid-transaction'; END $$;
    CREATE TRIGGER e2e_fail_audit BEFORE INSERT ON "PriceChange" FOR EACH ROW EXECUTE FUNCTION e2e_fail_audit();`);
  let id: number;
  try {
    // Stripe gets its 200 at once: the delivery is recorded, whatever applying it meets.
    id = await recordedDeliveryId(await sendStripeEvent(request, created));
    // It stays in the inbox with the reason, for operators, and is retried with backoff.
    await expect.poll(async () => (await deliveryRow(id)).attempts, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const failing = await deliveryRow(id);
    expect(failing.status).toBe('PENDING');
    expect(failing.lastError).toContain('e2e: database failure');
    expect(await variantPrice(product.variant.sku)).toBe(product.variant.price);
    const price = await catalogDb().query(`SELECT 1 FROM "StripePrice" WHERE id = $1`, [created.data.object.id]);
    expect(price.rowCount).toBe(0);
    expect(await priceChangesOf(product.id, auditBefore)).toEqual([]);

    // The dashboard shows it as failing, with the reason; "Retry now" tries again at once.
    await logInAsAdmin(page, baseURL ?? '');
    await page.goto('/admin/webhooks');
    const row = page.locator(`tr[data-delivery="${id}"]`);
    await expect(row).toHaveAttribute('data-failing', 'true');
    await expect(row.locator('.reason')).toContainText('e2e: database failure');
    await row.getByRole('button', { name: 'Retry now' }).click();
    await expect(row.locator('.retry-outcome')).toContainText(/pending/);
    await expect.poll(async () => (await deliveryRow(id)).attempts).toBeGreaterThanOrEqual(2);
  } finally {
    await catalogDb().query('DROP TRIGGER e2e_fail_audit ON "PriceChange"; DROP FUNCTION e2e_fail_audit();');
  }
  // Nobody resends anything: the inbox's next attempt applies it.
  await expect.poll(async () => (await deliveryRow(id)).status, { timeout: 30_000 }).toBe('APPLIED');
  await expect.poll(async () => variantPrice(product.variant.sku), { timeout: 10_000 }).toBe(newPrice);
  await expect
    .poll(async () => pricesIn((await fetchPage(request, `/products/${product.slug}`)).html))
    .toContain(newPrice);
  // A redelivery of the same event is a duplicate, answered 200, changing nothing.
  expect(await (await sendStripeEvent(request, created)).json()).toMatchObject({ duplicate: true });
  expect(await priceChangesOf(product.id, auditBefore)).toHaveLength(1);
});

test('the database refusing connections answers 5xx (nothing recorded); once it is back, the redelivery applies it', async ({
  request,
}) => {
  const product = await findLinkedProduct('stripe', { featured: false, offset: 4 });
  const newPrice = product.variant.price - 22;
  const events = priceChange(product, newPrice);
  // Its own connection, opened before the outage: new connections are what the outage refuses.
  await closeCatalogDb(); // the shared pool's connections are about to be cut
  // It connects to the server's maintenance database: a session cannot lock out its own database.
  const shopUrl = new URL(process.env.DATABASE_URL ?? '');
  const database = decodeURIComponent(shopUrl.pathname.slice(1));
  const admin = new pg.Client({ connectionString: Object.assign(new URL(shopUrl), { pathname: '/postgres' }).href });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    const first = events[0];
    if (!first) throw new Error('no events');
    const failed = await sendStripeEvent(request, first);
    expect(failed.status()).toBeGreaterThanOrEqual(500);
  } finally {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    await admin.end();
  }
  for (const event of events) await appliedDelivery(await sendStripeEvent(request, event));
  expect(await variantPrice(product.variant.sku)).toBe(newPrice);
  expect(pricesIn((await fetchPage(request, `/products/${product.slug}`)).html)).toContain(newPrice);
});
