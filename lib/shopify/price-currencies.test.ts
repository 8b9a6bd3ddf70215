/**
 * Shopify products/update deliveries for shops in currencies with 0, 2 and 3 decimals, through
 * the real webhook handling with SHOPIFY_SHOP_CURRENCY set per case. HUF is the one `Intl`
 * gets wrong (it displays forints without decimals; ISO 4217 and Shopify give them 2).
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db';
import { SAMPLE_SHOP_DOMAIN } from '../../testing/shopify/fixtures/headers';
import { productGid, productUpdatePayload, variantGid } from '../../testing/shopify/fixtures/products-webhook';

const SECRET = 'shopify-currency-secret';
const PREFIX = `shopcur-${Date.now().toString(36)}`;
const BASE_ID = 9_300_000_000_000 + (Date.now() % 1_000_000) * 10;
let nextId = 0;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

/** A shop in `currency`: the env is read once per module graph, so each case loads its own. */
async function shopIn(currency: string) {
  vi.stubEnv('SHOPIFY_SHOP_CURRENCY', currency);
  vi.stubEnv('SHOPIFY_WEBHOOK_SECRET', SECRET);
  vi.stubEnv('SHOPIFY_SHOP_DOMAIN', SAMPLE_SHOP_DOMAIN);
  vi.resetModules();
  const { deliverShopifyWebhook } = await import('../../testing/shopify/deliver-webhook');
  return (body: unknown) =>
    deliverShopifyWebhook('products/update', body, { secret: SECRET, regenerate: () => Promise.resolve() });
}

/** A live product with one variant in `currency`, and a products/update for it at `price`. */
async function productIn(currency: string, oldPrice: number) {
  const shopifyProductId = BASE_ID + ++nextId;
  const shopifyVariantId = BASE_ID + ++nextId;
  const sku = `${PREFIX}-${shopifyVariantId}`;
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-${shopifyProductId}`,
      title: 'Tee',
      status: 'ACTIVE',
      variants: { create: { sku, title: 'One size', price: oldPrice, currency, stock: 1 } },
    },
  });
  const update = (price: string) =>
    productUpdatePayload({
      id: shopifyProductId,
      admin_graphql_api_id: productGid(shopifyProductId),
      title: 'Tee',
      handle: product.slug,
      updated_at: `2026-11-20T10:00:${String(nextId % 60).padStart(2, '0')}Z`,
      variants: [
        {
          id: shopifyVariantId,
          admin_graphql_api_id: variantGid(shopifyVariantId),
          sku,
          title: 'One size',
          price,
          compare_at_price: null,
          inventory_quantity: 1,
        },
      ],
    });
  const storedPrice = async () => (await getDb().variant.findFirstOrThrow({ where: { productId: product.id } })).price;
  return { update, storedPrice };
}

describe('a Shopify products/update in the shop currency', () => {
  it.each([
    ['USD', '24.95', 2495],
    ['JPY', '1500', 1500],
    ['JPY', '1500.00', 1500], // Shopify pads zero-decimal prices
    ['KWD', '5.120', 5120],
    ['HUF', '1500.00', 150000],
    ['HUF', '1500.50', 150050],
    ['ISK', '1500', 1500],
    ['ISK', '1500.00', 1500],
  ])('%s "%s" is stored as %i minor units', async (currency, decimal, expected) => {
    const deliver = await shopIn(currency);
    const { update, storedPrice } = await productIn(currency, 1);
    expect(await deliver(update(decimal))).toMatchObject({ outcome: 'APPLIED' });
    expect(await storedPrice()).toBe(expected);
  });

  it('refuses "1500.50" in an ISK shop (krónur have no decimals), keeping the price', async () => {
    const deliver = await shopIn('ISK');
    const { update, storedPrice } = await productIn('ISK', 1200);
    expect(await deliver(update('1500.50'))).toMatchObject({ outcome: 'IGNORED' });
    expect(await storedPrice()).toBe(1200);
  });
});
