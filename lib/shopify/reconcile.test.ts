import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { withOwnDatabase } from '../testing/own-database';
import { SAMPLE_SHOP_DOMAIN } from './fixtures/headers';
import { productGid, productUpdatePayload, variantGid } from './fixtures/products-webhook';
import { reconcileShopify } from './reconcile';
import { startShopifyAdminStub, type ShopifyAdminStub } from './testing/admin-api-stub';

// It archives every linked product the provider does not list: no other test file may see that.
withOwnDatabase();

const TOKEN = 'shpat_test_token';
const PREFIX = `srecon-${Date.now().toString(36)}`;
const BASE_ID = 9_200_000_000_000 + (Date.now() % 1_000_000) * 1000;
let stub: ShopifyAdminStub;

function product(n: number, price: string, updatedAt: string) {
  const id = BASE_ID + n;
  return productUpdatePayload({
    id,
    admin_graphql_api_id: productGid(id),
    title: `${PREFIX} product ${n}`,
    handle: `${PREFIX}-p${n}`,
    updated_at: updatedAt,
    variants: [
      { id: id * 10, admin_graphql_api_id: variantGid(id * 10), sku: `${PREFIX}-${n}`, title: 'Default', price },
    ],
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
    const products = Array.from({ length: 260 }, (_, n) => product(n, '10.00', '2026-11-20T10:00:00Z'));
    stub.setProducts(products);
    const first = await reconcileShopify({ archiveMissing: false });
    expect(first.products).toBe(260);
    expect(stub.requests.filter((r) => r.includes('products.json'))).toHaveLength(2); // 250 + 10
    const created = await getDb().product.findMany({
      where: { slug: { startsWith: PREFIX } },
      include: { variants: true },
    });
    expect(created).toHaveLength(260);
    expect(created.every((p) => p.status === 'DRAFT' && p.variants[0]?.price === 1000)).toBe(true);

    // A newer edit in Shopify is applied; an older copy of another is not.
    stub.setProducts([product(0, '12.50', '2026-11-21T10:00:00Z'), product(1, '9.00', '2026-11-19T10:00:00Z')]);
    const second = await reconcileShopify({ archiveMissing: false });
    expect((await getDb().variant.findUniqueOrThrow({ where: { sku: `${PREFIX}-0` } })).price).toBe(1250);
    expect((await getDb().variant.findUniqueOrThrow({ where: { sku: `${PREFIX}-1` } })).price).toBe(1000);
    expect(second.missing).toHaveLength(258);
    expect((await getDb().product.findFirstOrThrow({ where: { slug: `${PREFIX}-p5` } })).status).toBe('DRAFT');

    await reconcileShopify({ archiveMissing: true });
    const archived = await getDb().product.count({ where: { slug: { startsWith: PREFIX }, status: 'ARCHIVED' } });
    expect(archived).toBe(258);
  });
});
