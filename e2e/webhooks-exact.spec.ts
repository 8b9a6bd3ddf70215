/**
 * Deliveries as Stripe's and Shopify's own documentation shapes them, which a real shop receives:
 * 18-digit Shopify ids, products with more than 100 variants, Stripe ids the merchant chose.
 */
import { expect, test } from '@playwright/test';
import { stripeEvent, stripePrice, stripeProduct, unixNow } from '../testing/stripe/fixtures';
import {
  productCreatePayload,
  productDeletePayload,
  productGid,
  productUpdatePayload,
  variantGid,
} from '../testing/shopify/fixtures/products-webhook';
import { toDecimalString } from '../lib/money/money';
import { catalogDb, closeCatalogDb, type ProductFixture } from './fixtures/catalog-db';
import { appliedDelivery } from './fixtures/inbox';
import { cardHtml, fetchPage, purge } from './fixtures/storefront';
import { expectPrice, pagesShowing } from './fixtures/storefront-pages';
import { sendShopifyWebhook, sendStripeEvent, variantPrice } from './fixtures/webhooks';

test.afterAll(closeCatalogDb);

const RUN = BigInt(Date.now() % 100_000);

/** An active, listed product no source is linked to yet (so a delivery can link it by sku). */
async function unlinkedProduct(offset: number): Promise<ProductFixture & { title: string }> {
  const { rows } = await catalogDb().query<ProductFixture & { title: string }>(
    `SELECT p.id, p.slug, p.title, p.featured,
        ARRAY(SELECT c.slug FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId"
              WHERE pc."productId" = p.id ORDER BY c.slug) AS "categorySlugs",
        (SELECT json_build_object('sku', v.sku, 'price', v.price, 'currency', v.currency)
           FROM "Variant" v WHERE v."productId" = p.id ORDER BY v.price, v.position LIMIT 1) AS variant
       FROM "Product" p
      WHERE p.status = 'ACTIVE' AND p."shopifyProductId" IS NULL AND p."stripeProductId" IS NULL AND NOT p.featured
        AND EXISTS (SELECT 1 FROM "ProductCategory" pc WHERE pc."productId" = p.id)
      ORDER BY p.id OFFSET $1 LIMIT 1`,
    [offset],
  );
  const product = rows[0];
  if (!product) throw new Error(`no unlinked product at offset ${offset}`);
  return product;
}

const decimal = (product: ProductFixture, amount: number) =>
  toDecimalString({ amount, currency: product.variant.currency });

test('an 18-digit Shopify product is linked, repriced and deleted exactly: never its neighbour', async ({
  request,
}) => {
  const product = await unlinkedProduct(0);
  const neighbour = await unlinkedProduct(1);
  const id = 788032119674292922n + RUN * 1000n;
  expect(Number(id)).toBe(Number(id + 1n)); // what JSON.parse would make of both
  await catalogDb().query(`UPDATE "Product" SET "shopifyProductId" = $1 WHERE id = $2`, [
    String(id + 1n),
    neighbour.id,
  ]);
  const paths = await pagesShowing(request, product);
  const variant = (price: number) => ({
    id: 642667041472713922n + RUN * 1000n,
    admin_graphql_api_id: variantGid(642667041472713922n + RUN * 1000n),
    sku: product.variant.sku,
    price: decimal(product, price),
    inventory_quantity: 9,
  });
  // body_html null: a source without a description never erases ours.
  const base = {
    id,
    admin_graphql_api_id: productGid(id),
    handle: product.slug,
    title: product.title,
    body_html: null,
  };

  // products/create naming one of our skus links the live product to it.
  const created = await appliedDelivery(
    await sendShopifyWebhook(
      request,
      'products/create',
      productCreatePayload({ ...base, updated_at: '2026-12-01T10:00:00Z', variants: [variant(product.variant.price)] }),
    ),
  );
  expect(created.outcome, created.detail).toBe('APPLIED');
  const { rows } = await catalogDb().query<{ shopifyProductId: string }>(
    `SELECT "shopifyProductId" FROM "Product" WHERE id = $1`,
    [product.id],
  );
  expect(rows[0]?.shopifyProductId).toBe(String(id));

  const newPrice = product.variant.price - 37;
  const updated = await appliedDelivery(
    await sendShopifyWebhook(
      request,
      'products/update',
      productUpdatePayload({ ...base, updated_at: '2026-12-01T11:00:00Z', variants: [variant(newPrice)] }),
    ),
  );
  expect(updated.outcome, updated.detail).toBe('APPLIED');
  for (const path of paths) expectPrice(path, (await fetchPage(request, path)).html, product.slug, newPrice);

  // Shopify's delete body is `{"id": 788032119674292922}` and nothing else.
  const deleted = await appliedDelivery(
    await sendShopifyWebhook(request, 'products/delete', productDeletePayload({ id })),
  );
  expect(deleted.outcome, deleted.detail).toBe('APPLIED');
  expect((await fetchPage(request, `/products/${product.slug}`)).status).toBe(404);
  expect((await fetchPage(request, `/products/${neighbour.slug}`)).status).toBe(200);
  const { rows: statuses } = await catalogDb().query<{ status: string }>(
    `SELECT status::text FROM "Product" WHERE id = $1`,
    [neighbour.id],
  );
  expect(statuses[0]?.status).toBe('ACTIVE');
});

test('a Shopify product with 150 variants keeps the 50 that variants[] leaves out', async ({ request }) => {
  const slug = `e2e-many-variants-${RUN}`;
  const productId = 788032119674000000n + RUN * 1000n;
  const variantIds = Array.from({ length: 150 }, (_, i) => 642667041472000000n + RUN * 1000n + BigInt(i));
  const { rows } = await catalogDb().query<{ id: number }>(
    `WITH made AS (
       INSERT INTO "Product" (slug, title, description, status, "shopifyProductId", "updatedAt")
       VALUES ($1, 'Many sizes', 'One in 150 sizes.', 'ACTIVE', $2, now()) RETURNING id)
     INSERT INTO "Variant" ("productId", sku, title, price, currency, stock, position, "shopifyVariantId", "updatedAt")
     SELECT made.id, $1 || '-' || n, 'Size ' || n, 3000, 'USD', 7, n, ($3::text[])[n], now()
       FROM made, generate_series(1, 150) n
     RETURNING "productId" AS id`,
    [slug, String(productId), variantIds.map(String)],
  );
  expect(rows).toHaveLength(150);
  const path = `/products/${slug}`;
  expect((await fetchPage(request, path)).status).toBe(200);

  // As Shopify sends it: the first 100 in full (the first repriced), every one of the 150 by gid.
  const full = variantIds.slice(0, 100).map((id, i) => ({
    id,
    admin_graphql_api_id: variantGid(id),
    sku: `${slug}-${i + 1}`,
    title: `Size ${i + 1}`,
    price: i === 0 ? '25.00' : '30.00',
    inventory_quantity: 7,
  }));
  const payload = productUpdatePayload({
    id: productId,
    admin_graphql_api_id: productGid(productId),
    handle: slug,
    title: 'Many sizes',
    updated_at: '2026-12-02T10:00:00Z',
    variants: full,
    variant_gids: variantIds.map((id) => ({
      admin_graphql_api_id: variantGid(id),
      updated_at: '2026-12-02T15:00:00.000Z',
    })),
  });
  const applied = await appliedDelivery(await sendShopifyWebhook(request, 'products/update', payload));
  expect(applied.outcome, applied.detail).toBe('APPLIED');

  const html = (await fetchPage(request, path)).html;
  expect(await variantPrice(`${slug}-1`)).toBe(2500);
  for (let n = 101; n <= 150; n += 1) {
    const row = /<tr[^>]*data-sku="([^"]+)"[^>]*>(.*?)<\/tr>/gs;
    const cells = [...html.matchAll(row)].find((m) => m[1] === `${slug}-${n}`)?.[2] ?? '';
    expect(cells, `variant ${n}`).toContain('In stock'); // 7 left: more than the low-stock threshold
  }
});

test('a Stripe product with an id of its own and a plan_ price: repriced, then archived by product.deleted', async ({
  request,
}) => {
  const product = await unlinkedProduct(2);
  const customId = `shop-item-${RUN}`;
  await catalogDb().query(`UPDATE "Product" SET "stripeProductId" = $1 WHERE id = $2`, [customId, product.id]);
  const paths = await pagesShowing(request, product);
  const newPrice = product.variant.price - 41;
  const t = unixNow();
  const price = stripePrice({
    id: `plan_${RUN}_monthly_legacy`,
    product: customId,
    unit_amount: newPrice,
    currency: product.variant.currency.toLowerCase(),
    metadata: { sku: product.variant.sku },
    created: t,
  });
  const repriced = await appliedDelivery(
    await sendStripeEvent(request, stripeEvent('price.created', price, { created: t })),
  );
  expect(repriced.outcome, repriced.detail).toBe('APPLIED');
  for (const path of paths) expectPrice(path, (await fetchPage(request, path)).html, product.slug, newPrice);

  const object = stripeProduct({ id: customId, name: 'Gone', active: false, created: t });
  const deleted = await appliedDelivery(
    await sendStripeEvent(request, stripeEvent('product.deleted', object, { created: t + 1 })),
  );
  expect(deleted.outcome, deleted.detail).toBe('APPLIED');
  expect((await fetchPage(request, `/products/${product.slug}`)).status).toBe(404);
  for (const path of paths.filter((p) => p.startsWith('/categories/'))) {
    expect(cardHtml((await fetchPage(request, path)).html, product.slug), path).toBeUndefined();
  }
  await purge(request, { paths: ['/'] }); // leave every page as the database is
});
