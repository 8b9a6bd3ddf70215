import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { getShopifyShopCurrency, listShopifyProducts } from './admin-api';
import { createShopifyAdminClient, MAX_THROTTLED_ATTEMPTS, throttledWaitMs } from './admin-client';
import { startShopifyAdminStub, type ShopifyAdminStub } from '../../testing/shopify/admin-api-stub';
import { stubProduct } from '../../testing/shopify/stub-products';

const TOKEN = 'shpat_admin_api_test';
let stub: ShopifyAdminStub;

const clientWith = (token = TOKEN, url = stub.url) =>
  createShopifyAdminClient(
    parseEnv({
      DATABASE_URL: 'postgresql://unused',
      SHOPIFY_SHOP_DOMAIN: 'fresh-price-dev.myshopify.com',
      SHOPIFY_ADMIN_ACCESS_TOKEN: token,
      SHOPIFY_ADMIN_API_URL: url,
    }),
  );

async function listAll(client = clientWith()) {
  const products = [];
  for await (const product of listShopifyProducts(client)) products.push(product);
  return products;
}

const simple = (id: number | bigint, variants = 1) =>
  stubProduct({
    id,
    handle: `p-${id}`,
    title: `Product ${id}`,
    updatedAt: '2026-11-20T10:00:00Z',
    variants: Array.from({ length: variants }, (_, n) => ({ id: BigInt(id) * 1000n + BigInt(n), price: '10.00' })),
  });

const requestsOf = (operation: string) => stub.requests.filter((r) => r.operation === operation);

beforeAll(async () => {
  stub = await startShopifyAdminStub(TOKEN);
});
beforeEach(() => {
  stub.requests.length = 0;
  stub.setScopes(['read_products', 'read_inventory']);
});
afterAll(() => stub.close());

describe('listShopifyProducts', () => {
  it('follows the products cursor to the last page', async () => {
    stub.setProducts(Array.from({ length: 260 }, (_, n) => simple(7_100_000_000_000 + n)));
    const products = await listAll();
    expect(products.map((p) => p.id)).toEqual(Array.from({ length: 260 }, (_, n) => String(7_100_000_000_000 + n)));
    expect(requestsOf('ReconcileProducts')).toHaveLength(6); // 50 a page
  });

  it('reads every variant of a product with 600, within the query cost limit', async () => {
    stub.setProducts([simple(7_200_000_000_001, 600), simple(7_200_000_000_002, 2)]);
    const [big, small] = await listAll();
    expect(big?.variants).toHaveLength(600);
    expect(big?.variants.map((v) => v.position)).toEqual(Array.from({ length: 600 }, (_, n) => n + 1));
    expect(big?.variant_gids).toHaveLength(600);
    expect(big?.variants[599]?.id).toBe(String(7_200_000_000_001n * 1000n + 599n));
    expect(small?.variants).toHaveLength(2);
    // 15 with the product, then 250 + 250 + 85.
    expect(requestsOf('ReconcileProductVariants')).toHaveLength(3);
  });

  it('keeps an 18-digit id exact and reshapes the product as a webhook body', async () => {
    const id = 788032119674292922n;
    stub.setProducts([
      stubProduct({
        id,
        handle: 'wool-cap',
        title: 'Wool Cap',
        status: 'UNLISTED',
        descriptionHtml: '<p>Felted.</p>',
        updatedAt: '2026-11-20T10:00:00-05:00',
        variants: [
          { id: 39072856n, sku: 'CAP', price: '19.99', compareAtPrice: '24.00', inventoryQuantity: -2 },
          { id: 39072857n, sku: null, price: '5.00', inventoryQuantity: null },
        ],
      }),
    ]);
    const [product] = await listAll();
    expect(product).toMatchObject({
      id: '788032119674292922',
      admin_graphql_api_id: 'gid://shopify/Product/788032119674292922',
      handle: 'wool-cap',
      body_html: '<p>Felted.</p>',
      status: 'unlisted',
      updated_at: '2026-11-20T10:00:00-05:00',
      variants: [
        { id: '39072856', sku: 'CAP', price: '19.99', compare_at_price: '24.00', inventory_quantity: -2, position: 1 },
        { id: '39072857', sku: null, price: '5.00', compare_at_price: null, inventory_quantity: 0, position: 2 },
      ],
    });
  });

  it('leaves out a product deleted while its variants were being read', async () => {
    stub.setProducts([simple(7_300_000_000_001), simple(7_300_000_000_002, 20)]);
    const listing = listShopifyProducts(clientWith());
    const first = await listing.next();
    expect(first.done ? null : first.value.id).toBe('7300000000001');
    stub.setProducts([simple(7_300_000_000_001)]);
    expect((await listing.next()).done).toBe(true);
  });

  it('waits out THROTTLED answers as throttleStatus says, then goes on', async () => {
    stub.setProducts([simple(7_400_000_000_001)]);
    stub.interrupt('THROTTLED', 2);
    expect(await listAll()).toHaveLength(1);
    expect(requestsOf('ReconcileProducts')).toHaveLength(3);
  });

  it('gives up on a query still throttled after a few attempts', async () => {
    stub.interrupt('THROTTLED', MAX_THROTTLED_ATTEMPTS);
    await expect(listAll()).rejects.toThrow(/ReconcileProducts still throttled after 5 attempts \(costs 902/);
    stub.interrupt('THROTTLED', 0);
  });

  it('retries a 503', async () => {
    stub.setProducts([simple(7_500_000_000_001)]);
    stub.interrupt('UNAVAILABLE', 1);
    expect(await listAll()).toHaveLength(1);
  });
});

describe('Admin API failures', () => {
  it('names a wrong access token', async () => {
    await expect(listAll(clientWith('shpat_wrong'))).rejects.toThrow(
      /answered 401 to ReconcileProducts \(check SHOPIFY_ADMIN_ACCESS_TOKEN\): .*Invalid API key or access token/,
    );
  });

  it('names a missing scope', async () => {
    stub.setScopes(['read_products']);
    await expect(listAll()).rejects.toThrow(
      /refused ReconcileProducts: Access denied for inventoryQuantity field. Required access: `read_inventory` access scope. \[ACCESS_DENIED\]/,
    );
  });

  it('names an answer it cannot read', async () => {
    stub.setProducts([{ ...simple(7_600_000_000_001), status: 'PUBLISHED' as 'ACTIVE' }]);
    await expect(listAll()).rejects.toThrow(/unexpected ReconcileProducts answer:[\s\S]*status/);
    const product = simple(7_600_000_000_002);
    stub.setProducts([{ ...product, variants: product.variants.map((v) => ({ ...v, price: '12,50' })) }]);
    await expect(listAll()).rejects.toThrow(
      /product gid:\/\/shopify\/Product\/7600000000002 cannot be read:[\s\S]*decimal/,
    );
  });

  it('names an unreachable API', async () => {
    const closed = await startShopifyAdminStub(TOKEN);
    await closed.close();
    await expect(listAll(clientWith(TOKEN, closed.url))).rejects.toThrow(
      /Shopify Admin API unreachable at https:\/\/127\.0\.0\.1:\d+\/admin\/api\/2026-10\/graphql\.json/,
    );
  });
});

describe('getShopifyShopCurrency', () => {
  it("reads the shop's currency", async () => {
    stub.setCurrency('EUR');
    expect(await getShopifyShopCurrency(clientWith())).toBe('EUR');
    stub.setCurrency('USD');
  });
});

describe('throttledWaitMs', () => {
  it('waits until the bucket holds the cost again', () => {
    const throttleStatus = { maximumAvailable: 2000, currentlyAvailable: 150, restoreRate: 100 };
    expect(throttledWaitMs({ requestedQueryCost: 902, throttleStatus })).toBe(7520);
    expect(throttledWaitMs(undefined)).toBe(1000);
    expect(throttledWaitMs({ requestedQueryCost: 902, throttleStatus: { ...throttleStatus, restoreRate: 0 } })).toBe(
      1000,
    );
  });
});
