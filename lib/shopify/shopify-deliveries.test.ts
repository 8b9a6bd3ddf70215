import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getDb } from '../db';
import { SAMPLE_SHOP_DOMAIN, type ShopifyProductTopic } from '../../testing/shopify/fixtures/headers';
import {
  productDeletePayload,
  productGid,
  productUpdatePayload,
  variantGid,
} from '../../testing/shopify/fixtures/products-webhook';
import type { ShopifyDeliveryHeaders } from './receive-webhook';
import { deliverShopifyWebhook } from '../../testing/shopify/deliver-webhook';

const SECRET = 'shopify-test-secret';
const PREFIX = `shop-${Date.now().toString(36)}`;
const SHOPIFY_PRODUCT_ID = 9_100_000_000_000 + (Date.now() % 1_000_000);
const SHOPIFY_VARIANT_ID = 48_100_000_000_000 + (Date.now() % 1_000_000);
let productId = 0;
const purged: string[] = [];
const regenerate = (path: string) => {
  purged.push(path);
  return Promise.resolve();
};

beforeAll(async () => {
  process.env.SHOPIFY_WEBHOOK_SECRET = SECRET;
  process.env.SHOPIFY_SHOP_DOMAIN = SAMPLE_SHOP_DOMAIN;
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-tee`,
      title: 'Tee',
      status: 'ACTIVE',
      variants: {
        create: { sku: `${PREFIX}-S`, title: 'Small', price: 1999, currency: 'USD', stock: 5, position: 10 },
      },
    },
  });
  productId = product.id;
});

beforeEach(() => {
  purged.length = 0;
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

function payload(price: string, updatedAt: string) {
  return productUpdatePayload({
    id: SHOPIFY_PRODUCT_ID,
    admin_graphql_api_id: productGid(SHOPIFY_PRODUCT_ID),
    title: 'Tee',
    handle: `${PREFIX}-tee`,
    body_html: '<p>Soft &amp; <strong>heavy</strong> cotton.</p>',
    updated_at: updatedAt,
    variants: [
      {
        id: SHOPIFY_VARIANT_ID,
        admin_graphql_api_id: variantGid(SHOPIFY_VARIANT_ID),
        sku: `${PREFIX}-S`,
        title: 'Small',
        price,
        compare_at_price: null,
        inventory_quantity: 5,
      },
    ],
  });
}

function deliver(topic: ShopifyProductTopic, body: unknown, headers: Partial<ShopifyDeliveryHeaders> = {}) {
  return deliverShopifyWebhook(topic, body, { secret: SECRET, regenerate, headers });
}

const price = async () => (await getDb().variant.findFirstOrThrow({ where: { productId } })).price;

describe('a Shopify delivery through the inbox', () => {
  it('links a product by sku, applies the exact decimal price and purges its page', async () => {
    const result = await deliver('products/update', payload('24.95', '2026-11-20T10:00:00-05:00'));
    expect(result).toMatchObject({ duplicate: false, outcome: 'APPLIED' });
    expect(await price()).toBe(2495);
    const product = await getDb().product.findUniqueOrThrow({ where: { id: productId } });
    expect(product).toMatchObject({
      shopifyProductId: String(SHOPIFY_PRODUCT_ID),
      description: 'Soft & heavy cotton.',
    });
    expect(purged).toContain(`/products/${PREFIX}-tee`);
    const audit = await getDb().priceChange.findFirstOrThrow({ where: { productId }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ source: 'SHOPIFY', oldPrice: 1999, newPrice: 2495, actor: SAMPLE_SHOP_DOMAIN });
  });

  it('does nothing for a repeated X-Shopify-Webhook-Id', async () => {
    const webhookId = randomUUID();
    await deliver('products/update', payload('26.00', '2026-11-20T11:00:00-05:00'), { webhookId });
    const audits = await getDb().priceChange.count({ where: { productId } });
    const again = await deliver('products/update', payload('26.00', '2026-11-20T11:00:00-05:00'), { webhookId });
    expect(again).toMatchObject({ duplicate: true });
    expect(await getDb().priceChange.count({ where: { productId } })).toBe(audits);
  });

  it('ignores a payload older than the one applied', async () => {
    await deliver('products/update', payload('27.00', '2026-11-20T12:00:00-05:00'));
    const late = await deliver('products/update', payload('21.00', '2026-11-20T11:30:00-05:00'));
    expect(late).toMatchObject({ outcome: 'IGNORED' });
    expect(await price()).toBe(2700);
  });

  it.each(['valueOf', 'constructor', '__proto__', 'toString'])(
    'answers a topic named %s (X-Shopify-Topic is outside the HMAC) as not handled, never a 500',
    async (topic) => {
      const result = await deliver('products/update', payload('20.00', '2026-11-25T00:00:00Z'), { topic });
      expect(result).toMatchObject({ duplicate: false, outcome: 'UNHANDLED' });
    },
  );

  it('refuses a bad HMAC and another shop before reading anything', async () => {
    await expect(
      deliver('products/update', payload('1.00', '2026-11-21T00:00:00Z'), { hmac: 'A'.repeat(43) + '=' }),
    ).rejects.toMatchObject({
      status: 401,
    });
    await expect(
      deliver('products/update', payload('1.00', '2026-11-21T00:00:00Z'), { shopDomain: 'other.myshopify.com' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await price()).toBe(2700);
  });

  it('refuses a price with more decimals than the currency has, changing nothing', async () => {
    const result = await deliver('products/update', payload('27.999', '2026-11-21T00:00:00Z'));
    expect(result).toMatchObject({ outcome: 'IGNORED' });
    expect(await price()).toBe(2700);
  });

  it('refuses a signed products/update body resent as products/delete (the topic header is not signed)', async () => {
    const webhookId = randomUUID();
    await expect(
      deliver('products/delete', payload('27.00', '2026-11-20T12:00:00-05:00'), { webhookId }),
    ).rejects.toBeInstanceOf(ZodError);
    expect((await getDb().product.findUniqueOrThrow({ where: { id: productId } })).status).toBe('ACTIVE');
    expect(await getDb().webhookDelivery.count({ where: { deliveryId: webhookId } })).toBe(0);
    expect(purged).toEqual([]);
  });

  it('archives a deleted product and ignores later updates for it', async () => {
    await deliver('products/delete', productDeletePayload({ id: SHOPIFY_PRODUCT_ID }));
    expect((await getDb().product.findUniqueOrThrow({ where: { id: productId } })).status).toBe('ARCHIVED');
    expect(purged).toContain(`/products/${PREFIX}-tee`);
    const late = await deliver('products/update', payload('30.00', '2026-11-22T00:00:00Z'));
    expect(late).toMatchObject({ outcome: 'IGNORED' });
    expect(await price()).toBe(2700);
  });
});
