import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { productDeletePayload } from '../testing/shopify/fixtures/products-webhook';
import { shopifyRawBody } from '../testing/shopify/fixtures/raw-body';
import { shopifyUpdateFor } from '../testing/shopify/payload-for-product';
import { closeCatalogDb } from './fixtures/catalog-db';
import { cachedHtml, cardHtml, fetchPage, jsonLdOffers, pricesIn } from './fixtures/storefront';
import { appliedDelivery } from './fixtures/inbox';
import { expectPrice, pagesShowing } from './fixtures/storefront-pages';
import {
  findLinkedProduct,
  lastPriceChangeId,
  linkedToShopify,
  priceChangesOf,
  sendShopifyWebhook,
  variantPrice,
} from './fixtures/webhooks';
import { asServed, withPurgedDocuments } from './fixtures/purged-documents';

test.afterAll(closeCatalogDb);

const linked = linkedToShopify;

test('a signed products/update with a new price updates every page; a repeated webhook id changes nothing', async ({
  request,
}) => {
  const product = await findLinkedProduct('shopify', { featured: true });
  const auditBefore = await lastPriceChangeId();
  const paths = await pagesShowing(request, product);
  expect(paths).toContain('/');
  const newPrice = product.variant.price - 45;
  const payload = shopifyUpdateFor(linked(product), { [product.variant.sku]: newPrice });
  const webhookId = randomUUID();

  const response = await sendShopifyWebhook(request, 'products/update', payload, { webhookId });
  const answer = await appliedDelivery(response);
  expect(answer.outcome).toBe('APPLIED');
  expect(new Set(asServed(answer.purge.map((r) => r.path)))).toEqual(new Set(withPurgedDocuments(paths)));
  expect(answer.purge.every((r) => r.ok)).toBe(true);
  for (const path of paths) {
    expectPrice(path, (await fetchPage(request, path)).html, product.slug, newPrice);
    expectPrice(path, await cachedHtml(request, path), product.slug, newPrice);
  }
  const offers = jsonLdOffers((await fetchPage(request, `/products/${product.slug}`)).html);
  expect(offers.find((o) => o.sku === product.variant.sku)?.price).toBe((newPrice / 100).toFixed(2));
  expect(await priceChangesOf(product.id, auditBefore)).toMatchObject([{ newPrice, source: 'SHOPIFY' }]);

  // Shopify retries with the same X-Shopify-Webhook-Id; even a different body must not apply twice.
  const retry = shopifyUpdateFor(linked(product), { [product.variant.sku]: newPrice - 1 });
  const again = await sendShopifyWebhook(request, 'products/update', retry, { webhookId });
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ duplicate: true });
  expect(await variantPrice(product.variant.sku)).toBe(newPrice);
  expect(await priceChangesOf(product.id, auditBefore)).toHaveLength(1);
});

test('a bad HMAC is refused with 401 and changes nothing', async ({ request }) => {
  const product = await findLinkedProduct('shopify', { featured: false, offset: 1 });
  const path = `/products/${product.slug}`;
  const before = pricesIn(await cachedHtml(request, path));
  const payload = shopifyUpdateFor(linked(product), { [product.variant.sku]: 1 });

  const forged = await sendShopifyWebhook(request, 'products/update', payload, { secret: 'not-the-app-secret' });
  expect(forged.status()).toBe(401);
  const unsigned = await request.post('/api/webhooks/shopify', {
    headers: { 'X-Shopify-Topic': 'products/update', 'Content-Type': 'application/json' },
    data: shopifyRawBody(payload),
  });
  expect(unsigned.status()).toBe(401);

  expect(await variantPrice(product.variant.sku)).toBe(product.variant.price);
  const after = await fetchPage(request, path);
  expect(after.cache).toBe('HIT');
  expect(pricesIn(after.html)).toEqual(before);
});

test('products/delete archives the product: its page answers 404 and its listings drop it', async ({ request }) => {
  const product = await findLinkedProduct('shopify', { featured: false, offset: 2 });
  const paths = await pagesShowing(request, product);
  const response = await sendShopifyWebhook(
    request,
    'products/delete',
    productDeletePayload({ id: BigInt(product.shopifyProductId ?? '') }),
  );
  expect((await appliedDelivery(response)).outcome).toBe('APPLIED');

  expect((await fetchPage(request, `/products/${product.slug}`)).status).toBe(404);
  for (const path of paths.filter((p) => p.startsWith('/categories/'))) {
    expect(cardHtml((await fetchPage(request, path)).html, product.slug), path).toBeUndefined();
  }
});
