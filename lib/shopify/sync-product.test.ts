import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import {
  productCreatePayload,
  productGid,
  productUpdatePayload,
  variantGid,
} from '../../testing/shopify/fixtures/products-webhook';
import { shopifyProductPayloadSchema } from './product-payload';
import { syncShopifyProduct } from './sync-product';
import { commitCatalogChange } from '../changes/commit-catalog-change';

const PREFIX = `shopsync-${Date.now().toString(36)}`;
const BASE_ID = 9_400_000_000_000 + (Date.now() % 1_000_000) * 10;
const author = { source: 'SHOPIFY' as const, actor: 'test.myshopify.com', eventId: 'evt-test' };
let nextId = 0;
const newId = () => BASE_ID + ++nextId;

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

interface VariantSpec {
  id: number;
  sku: string | null;
  title?: string;
  price: string;
  compare_at_price?: string | null;
}

function body(
  kind: 'create' | 'update',
  productId: number,
  variants: VariantSpec[],
  updatedAt: string,
  bodyHtml: string | null = '<p>Felted wool.</p>',
) {
  const make = kind === 'create' ? productCreatePayload : productUpdatePayload;
  const wire = make({
    id: productId,
    admin_graphql_api_id: productGid(productId),
    title: 'Wool Cap',
    handle: `${PREFIX}-cap-${productId}`,
    body_html: bodyHtml,
    updated_at: updatedAt,
    variants: variants.map((v) => ({
      id: v.id,
      admin_graphql_api_id: variantGid(v.id),
      sku: v.sku,
      title: v.title ?? 'Default Title',
      price: v.price,
      compare_at_price: v.compare_at_price ?? null,
      inventory_quantity: 4,
    })),
  });
  return shopifyProductPayloadSchema.parse(JSON.parse(JSON.stringify(wire)));
}

const sync = async (payload: ReturnType<typeof body>) => {
  const { value, paths } = await commitCatalogChange(author, (scope) => syncShopifyProduct(scope, payload, 'USD'));
  return { ...value, paths };
};

async function liveProduct(shopifyProductId: number, shopifyVariantId: number) {
  return getDb().product.create({
    data: {
      slug: `${PREFIX}-live-${shopifyProductId}`,
      title: 'Wool Cap',
      description: 'Our own words.',
      status: 'ACTIVE',
      shopifyProductId: String(shopifyProductId),
      variants: {
        create: {
          sku: `${PREFIX}-${shopifyProductId}-ONE`,
          title: 'One size',
          price: 1500,
          currency: 'USD',
          stock: 2,
          shopifyVariantId: String(shopifyVariantId),
        },
      },
    },
    include: { variants: true },
  });
}

const variantsOf = (productId: number) =>
  getDb().variant.findMany({ where: { productId }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });

describe('syncShopifyProduct', () => {
  it('refuses a price above the shop maximum as IGNORED, with the reason, writing nothing', async () => {
    const [productId, variantId] = [newId(), newId()];
    const product = await liveProduct(productId, variantId);
    const tooHigh = body(
      'update',
      productId,
      [{ id: variantId, sku: null, price: '1000000.00' }],
      '2026-11-20T10:00:00Z',
    );
    const effect = await sync(tooHigh);
    expect(effect).toMatchObject({ outcome: 'IGNORED', paths: [] });
    expect(effect.detail).toMatch(/refused: price 100000000 .* outside/);
    expect((await variantsOf(product.id)).map((v) => v.price)).toEqual([1500]);
    expect(await getDb().priceChange.count({ where: { productId: product.id } })).toBe(0);

    const compareAtTooHigh = body(
      'update',
      productId,
      [{ id: variantId, sku: null, price: '12.00', compare_at_price: '99999999.00' }],
      '2026-11-20T10:01:00Z',
    );
    expect(await sync(compareAtTooHigh)).toMatchObject({ outcome: 'IGNORED' });
    expect((await variantsOf(product.id)).map((v) => v.price)).toEqual([1500]);
  });

  it('refuses a price for a product it does not know without creating a draft', async () => {
    const productId = newId();
    const effect = await sync(
      body('create', productId, [{ id: newId(), sku: null, price: '1000000.00' }], '2026-11-20T10:00:00Z'),
    );
    expect(effect).toMatchObject({ outcome: 'IGNORED' });
    expect(await getDb().product.findUnique({ where: { shopifyProductId: String(productId) } })).toBeNull();
  });

  it('creates a new product whose variants share a sku, giving the later ones their Shopify id as sku', async () => {
    const [productId, first, second] = [newId(), newId(), newId()];
    const sku = `${PREFIX}-SHARED`;
    const effect = await sync(
      body(
        'create',
        productId,
        [
          { id: first, sku, title: 'Grey', price: '15.00' },
          { id: second, sku, title: 'Navy', price: '16.00' },
        ],
        '2026-11-20T10:00:00Z',
      ),
    );
    expect(effect.outcome).toBe('APPLIED');
    const product = await getDb().product.findUniqueOrThrow({ where: { shopifyProductId: String(productId) } });
    expect(product.status).toBe('DRAFT');
    expect((await variantsOf(product.id)).map((v) => [v.sku, v.title, v.price, v.shopifyVariantId])).toEqual([
      [sku, 'Grey', 1500, String(first)],
      [`shopify-${second}`, 'Navy', 1600, String(second)],
    ]);
  });

  it('gives the only variant of a new draft the product title instead of "Default Title"', async () => {
    const productId = newId();
    await sync(body('create', productId, [{ id: newId(), sku: null, price: '9.00' }], '2026-11-20T10:00:00Z'));
    const product = await getDb().product.findUniqueOrThrow({ where: { shopifyProductId: String(productId) } });
    expect((await variantsOf(product.id)).map((v) => v.title)).toEqual(['Wool Cap']);
  });

  it('never adds a Shopify variant it cannot match to a live product, and says so', async () => {
    const [productId, variantId, unknownId] = [newId(), newId(), newId()];
    const product = await liveProduct(productId, variantId);
    const effect = await sync(
      body(
        'update',
        productId,
        [
          { id: variantId, sku: null, price: '14.00' },
          { id: unknownId, sku: `${PREFIX}-XL`, title: 'XL', price: '1.00' },
        ],
        '2026-11-20T10:00:00Z',
      ),
    );
    expect(effect.outcome).toBe('APPLIED');
    expect(effect.detail).toContain(`skipped Shopify variant(s) ${PREFIX}-XL`);
    // The matched variant is applied; its own title stays rather than Shopify's placeholder.
    expect((await variantsOf(product.id)).map((v) => [v.title, v.price])).toEqual([['One size', 1400]]);
  });

  it('keeps our description when Shopify sends an empty body_html', async () => {
    const [productId, variantId] = [newId(), newId()];
    const product = await liveProduct(productId, variantId);
    const description = async () =>
      (await getDb().product.findUniqueOrThrow({ where: { id: product.id } })).description;
    for (const [bodyHtml, at] of [
      [null, '10:00'],
      ['', '10:01'],
      ['<p> </p>', '10:02'],
    ] as const) {
      await sync(
        body('update', productId, [{ id: variantId, sku: null, price: '15.00' }], `2026-11-20T${at}:00Z`, bodyHtml),
      );
      expect(await description()).toBe('Our own words.');
    }
    await sync(body('update', productId, [{ id: variantId, sku: null, price: '15.00' }], '2026-11-20T10:03:00Z'));
    expect(await description()).toBe('Felted wool.');
  });
});
