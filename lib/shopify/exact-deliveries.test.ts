/**
 * Deliveries shaped like Shopify's own documentation samples, which a real shop receives:
 * 18-digit ids, products with more than 100 variants, and bodies replayed under a new webhook id.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import {
  productCreatePayload,
  productDeletePayload,
  productGid,
  productUpdatePayload,
  variantGid,
} from '../../testing/shopify/fixtures/products-webhook';
import { SAMPLE_SHOP_DOMAIN } from '../../testing/shopify/fixtures/headers';
import { deliverShopifyWebhook } from '../../testing/shopify/deliver-webhook';

const SECRET = 'shopify-exact-test-secret';
const PREFIX = `shopx-${Date.now().toString(36)}`;
const regenerate = () => Promise.resolve();
const deliver = (topic: Parameters<typeof deliverShopifyWebhook>[0], body: unknown) =>
  deliverShopifyWebhook(topic, body, { secret: SECRET, regenerate });

// Two ids that differ only in their last digit: JSON.parse turns both into the same number.
const ID_X = 788032119674292922n + BigInt(Date.now() % 1000) * 1000n;
const ID_NEIGHBOUR = ID_X + 1n;
const VARIANT_BASE = 642667041472713922n + BigInt(Date.now() % 1000) * 1000n;

beforeAll(() => {
  process.env.SHOPIFY_WEBHOOK_SECRET = SECRET;
  process.env.SHOPIFY_SHOP_DOMAIN = SAMPLE_SHOP_DOMAIN;
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

function variant(index: number, sku: string, price: string, stock: number) {
  const id = VARIANT_BASE + BigInt(index);
  return { id, admin_graphql_api_id: variantGid(id), sku, title: `V${index}`, price, inventory_quantity: stock };
}

describe('Shopify ids past 2^53', () => {
  it('creates, updates and deletes exactly the product with that id, never its neighbour', async () => {
    expect(Number(ID_X)).toBe(Number(ID_NEIGHBOUR)); // the trap JSON.parse sets
    const neighbour = await getDb().product.create({
      data: {
        slug: `${PREFIX}-neighbour`,
        title: 'Neighbour',
        status: 'ACTIVE',
        shopifyProductId: String(ID_NEIGHBOUR),
      },
    });

    const body = { id: ID_X, admin_graphql_api_id: productGid(ID_X), handle: `${PREFIX}-big`, title: 'Big id' };
    const created = await deliver(
      'products/create',
      productCreatePayload({ ...body, variants: [variant(0, `${PREFIX}-B`, '10.00', 3)] }),
    );
    expect(created.outcome).toBe('APPLIED');
    const product = await getDb().product.findUniqueOrThrow({
      where: { shopifyProductId: String(ID_X) },
      include: { variants: true },
    });
    expect(product.variants[0]).toMatchObject({ shopifyVariantId: String(VARIANT_BASE), price: 1000 });
    await getDb().product.update({ where: { id: product.id }, data: { status: 'ACTIVE' } }); // an admin publishes it

    const updated = await deliver(
      'products/update',
      productUpdatePayload({
        ...body,
        updated_at: '2099-01-01T00:00:00Z',
        variants: [variant(0, `${PREFIX}-B`, '12.00', 3)],
      }),
    );
    expect(updated.outcome).toBe('APPLIED');
    expect((await getDb().variant.findFirstOrThrow({ where: { productId: product.id } })).price).toBe(1200);

    // Shopify's delete body is only {"id": <18 digits>}.
    const deleted = await deliver('products/delete', productDeletePayload({ id: ID_X }));
    expect(deleted.outcome).toBe('APPLIED');
    expect((await getDb().product.findUniqueOrThrow({ where: { id: product.id } })).status).toBe('ARCHIVED');
    expect((await getDb().product.findUniqueOrThrow({ where: { id: neighbour.id } })).status).toBe('ACTIVE');
  });
});

describe('products with more than 100 variants', () => {
  it('leaves a variant named only in variant_gids as it is, and sells out one Shopify no longer lists', async () => {
    const productId = BigInt(ID_X) + 500n;
    const variants = Array.from({ length: 150 }, (_, i) => variant(1000 + i, `${PREFIX}-V${i}`, '20.00', 7));
    const product = await getDb().product.create({
      data: {
        slug: `${PREFIX}-many`,
        title: 'Many',
        status: 'ACTIVE',
        shopifyProductId: String(productId),
        variants: {
          create: [...variants, variant(1150, `${PREFIX}-GONE`, '20.00', 7)].map((v, i) => ({
            sku: v.sku,
            title: v.title,
            price: 2000,
            currency: 'USD',
            stock: 7,
            position: i,
            shopifyVariantId: String(v.id),
          })),
        },
      },
    });
    // As Shopify sends it: the first 100 in full (one repriced), every one of the 150 by gid.
    const listed = variants.slice(0, 100).map((v, i) => (i === 0 ? { ...v, price: '18.00' } : v));
    const payload = productUpdatePayload({
      id: productId,
      admin_graphql_api_id: productGid(productId),
      handle: `${PREFIX}-many`,
      title: 'Many',
      updated_at: '2099-01-01T00:00:00Z',
      variants: listed,
      variant_gids: variants.map((v) => ({
        admin_graphql_api_id: v.admin_graphql_api_id,
        updated_at: '2099-01-01T00:00:00.000Z',
      })),
    });
    const result = await deliver('products/update', payload);
    expect(result.outcome).toBe('APPLIED');

    const stock = new Map(
      (await getDb().variant.findMany({ where: { productId: product.id } })).map((v) => [v.sku, [v.stock, v.price]]),
    );
    expect(stock.get(`${PREFIX}-V0`)).toEqual([7, 1800]);
    for (let i = 100; i < 150; i += 1) expect(stock.get(`${PREFIX}-V${i}`)).toEqual([7, 2000]);
    expect(stock.get(`${PREFIX}-GONE`)).toEqual([0, 2000]); // in neither list: gone from Shopify
  });
});

describe('replays under a new X-Shopify-Webhook-Id (the header is outside the HMAC)', () => {
  it('ignores a body whose updated_at was already applied, so an admin edit made since stays', async () => {
    const productId = BigInt(ID_X) + 900n;
    const product = await getDb().product.create({
      data: {
        slug: `${PREFIX}-replay`,
        title: 'Replay',
        status: 'ACTIVE',
        shopifyProductId: String(productId),
        variants: {
          create: {
            sku: `${PREFIX}-R`,
            title: 'R',
            price: 1000,
            currency: 'USD',
            stock: 2,
            position: 0,
            shopifyVariantId: String(VARIANT_BASE + 900n),
          },
        },
      },
    });
    const body = productUpdatePayload({
      id: productId,
      admin_graphql_api_id: productGid(productId),
      handle: `${PREFIX}-replay`,
      title: 'Replay',
      updated_at: '2099-02-01T00:00:00Z',
      variants: [variant(900, `${PREFIX}-R`, '15.00', 2)],
    });
    expect((await deliver('products/update', body)).outcome).toBe('APPLIED');
    await getDb().variant.updateMany({ where: { productId: product.id }, data: { price: 1300 } }); // the admin's edit

    const replay = await deliverShopifyWebhook('products/update', body, {
      secret: SECRET,
      regenerate,
      headers: { webhookId: randomUUID() },
    });
    expect(replay).toMatchObject({ duplicate: false, outcome: 'IGNORED' });
    expect(replay.detail).toMatch(/the same as/);
    expect((await getDb().variant.findFirstOrThrow({ where: { productId: product.id } })).price).toBe(1300);

    const deleted = productDeletePayload({ id: productId });
    expect((await deliver('products/delete', deleted)).outcome).toBe('APPLIED');
    await getDb().product.update({ where: { id: product.id }, data: { status: 'ACTIVE' } }); // relisted by the admin
    expect((await deliver('products/delete', deleted)).outcome).toBe('IGNORED');
    expect((await getDb().product.findUniqueOrThrow({ where: { id: product.id } })).status).toBe('ACTIVE');
  });
});
