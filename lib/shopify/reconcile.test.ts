import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { ConfigurationError } from '../http/errors';
import { withOwnDatabase } from '../../testing/own-database';
import { SAMPLE_SHOP_DOMAIN } from '../../testing/shopify/fixtures/headers';
import { reconcileShopify } from './reconcile';
import { startShopifyAdminStub, type ShopifyAdminStub } from '../../testing/shopify/admin-api-stub';
import { stubProduct } from '../../testing/shopify/stub-products';

// It archives every linked product the provider does not list: no other test file may see that.
withOwnDatabase();

const TOKEN = 'shpat_test_token';
const PREFIX = `srecon-${Date.now().toString(36)}`;
const BASE_ID = 9_200_000_000_000 + (Date.now() % 1_000_000) * 1000;
let stub: ShopifyAdminStub;

function product(n: number, price: string, updatedAt: string) {
  const id = BASE_ID + n;
  return stubProduct({
    id,
    title: `${PREFIX} product ${n}`,
    handle: `${PREFIX}-p${n}`,
    updatedAt,
    variants: [{ id: id * 10, sku: `${PREFIX}-${n}`, title: 'Default', price }],
  });
}

/** A product with `count` variants, the n-th priced `price(n)`; its id has 18 digits. */
function manyVariants(count: number, updatedAt: string, price: (n: number) => string) {
  return stubProduct({
    id: 788032119674292922n,
    title: `${PREFIX} sizes`,
    handle: `${PREFIX}-sizes`,
    updatedAt,
    variants: Array.from({ length: count }, (_, n) => ({
      id: 39_000_000_000_000n + BigInt(n),
      sku: `${PREFIX}-size-${n}`,
      title: `Size ${n}`,
      price: price(n),
    })),
  });
}

beforeAll(async () => {
  stub = await startShopifyAdminStub(TOKEN);
  process.env.SHOPIFY_SHOP_DOMAIN = SAMPLE_SHOP_DOMAIN;
  process.env.SHOPIFY_ADMIN_ACCESS_TOKEN = TOKEN;
  process.env.SHOPIFY_ADMIN_API_URL = stub.url;
});

afterAll(async () => {
  await stub.close();
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('reconcileShopify', () => {
  it('reads every page of products and applies them with the webhook rules', async () => {
    const products = Array.from({ length: 60 }, (_, n) => product(n, '10.00', '2026-11-20T10:00:00Z'));
    stub.setProducts(products);
    const first = await reconcileShopify({ archiveMissing: false });
    expect(first.products).toBe(60);
    expect(stub.requests.filter((r) => r.operation === 'ReconcileProducts')).toHaveLength(2); // 50 + 10
    const created = await getDb().product.findMany({
      where: { slug: { startsWith: PREFIX } },
      include: { variants: true },
    });
    expect(created).toHaveLength(60);
    expect(created.every((p) => p.status === 'DRAFT' && p.variants[0]?.price === 1000)).toBe(true);

    // A newer edit in Shopify is applied; an older copy of another is not.
    stub.setProducts([product(0, '12.50', '2026-11-21T10:00:00Z'), product(1, '9.00', '2026-11-19T10:00:00Z')]);
    const second = await reconcileShopify({ archiveMissing: false });
    expect((await getDb().variant.findUniqueOrThrow({ where: { sku: `${PREFIX}-0` } })).price).toBe(1250);
    expect((await getDb().variant.findUniqueOrThrow({ where: { sku: `${PREFIX}-1` } })).price).toBe(1000);
    expect(second.missing).toHaveLength(58);
    expect((await getDb().product.findFirstOrThrow({ where: { slug: `${PREFIX}-p5` } })).status).toBe('DRAFT');

    await reconcileShopify({ archiveMissing: true });
    const archived = await getDb().product.count({ where: { slug: { startsWith: PREFIX }, status: 'ARCHIVED' } });
    expect(archived).toBe(58);
  });

  it('applies all 600 variants of a product, under its exact 18-digit id', async () => {
    stub.setProducts([manyVariants(600, '2026-11-20T10:00:00Z', () => '30.00')]);
    await reconcileShopify({ archiveMissing: false });
    const created = await getDb().product.findFirstOrThrow({
      where: { slug: { startsWith: `${PREFIX}-sizes` } },
      include: { variants: true },
    });
    expect(created.shopifyProductId).toBe('788032119674292922');
    expect(created.variants).toHaveLength(600);

    // A later edit reaches the variants past the first page too, and none is marked sold out.
    stub.setProducts([manyVariants(600, '2026-11-21T10:00:00Z', (n) => (n === 550 ? '35.50' : '30.00'))]);
    await reconcileShopify({ archiveMissing: false });
    const variants = await getDb().variant.findMany({ where: { productId: created.id } });
    expect(variants.find((v) => v.sku === `${PREFIX}-size-550`)?.price).toBe(3550);
    expect(variants.filter((v) => v.price === 3000)).toHaveLength(599);
    expect(variants.every((v) => v.stock === 5)).toBe(true);
  });

  it('refuses a shop whose currency is not SHOPIFY_SHOP_CURRENCY, before reading a product', async () => {
    stub.setCurrency('EUR');
    stub.requests.length = 0;
    await expect(reconcileShopify({ archiveMissing: false })).rejects.toThrow(ConfigurationError);
    await expect(reconcileShopify({ archiveMissing: false })).rejects.toThrow(
      /currency is EUR but SHOPIFY_SHOP_CURRENCY is USD/,
    );
    expect(stub.requests.map((r) => r.operation)).toEqual(['ShopCurrency', 'ShopCurrency']);
    stub.setCurrency('USD');
  });
});
