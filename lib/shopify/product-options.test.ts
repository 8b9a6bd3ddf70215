/**
 * Shopify's `options` and variants' option1..3 onto our options: read from real-shaped payloads,
 * then applied through a products/update delivery to a live product.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { getProductPage } from '../catalog/storefront';
import { productGid, productUpdatePayload, variantGid } from '../../testing/shopify/fixtures/products-webhook';
import { shopifyProductPayloadSchema } from './product-payload';
import { productOptionsFrom, readShopifyOptions } from './product-options';
import { syncShopifyProduct } from './sync-product';

const PREFIX = `shopopt-${Date.now().toString(36)}`;
const BASE_ID = 9_500_000_000_000 + (Date.now() % 1_000_000) * 10;
const author = { source: 'SHOPIFY' as const, actor: 'test.myshopify.com', eventId: 'evt-options' };

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

type Values = [string, string | null];

/** A products/update body whose variants have these Size and Color values (Shopify derives `options`). */
function payload(productId: number, variantIds: number[], values: Values[], updatedAt: string) {
  const wire = productUpdatePayload({
    id: productId,
    admin_graphql_api_id: productGid(productId),
    handle: `${PREFIX}-tee-${productId}`,
    updated_at: updatedAt,
    variants: values.map(([size, colour], i) => ({
      id: variantIds[i],
      admin_graphql_api_id: variantGid(variantIds[i] ?? 0),
      sku: `${PREFIX}-${productId}-${i}`,
      title: [size, colour].filter(Boolean).join(' / '),
      option1: size,
      option2: colour,
      price: '20.00',
      inventory_quantity: 5,
    })),
  });
  return shopifyProductPayloadSchema.parse(JSON.parse(JSON.stringify(wire)));
}

describe('readShopifyOptions', () => {
  it('reads the options in position order and each variant’s values from option1..3', () => {
    const read = readShopifyOptions(
      payload(
        1,
        [11, 12, 13],
        [
          ['Small', 'Black'],
          ['Medium', 'Black'],
          ['Small', 'White'],
        ],
        '2026-11-20T10:00:00Z',
      ),
    );
    expect(read?.options).toEqual([
      { name: 'Size', values: ['Small', 'Medium'] },
      { name: 'Color', values: ['Black', 'White'] },
    ]);
    expect([...(read?.valuesByShopifyVariantId ?? [])]).toEqual([
      ['11', ['Small', 'Black']],
      ['12', ['Medium', 'Black']],
      ['13', ['Small', 'White']],
    ]);
  });

  it('reads Shopify’s "Title" / "Default Title" placeholder as no options', () => {
    const read = readShopifyOptions(payload(1, [11], [['Default Title', null]], '2026-11-20T10:00:00Z'));
    expect(read?.options).toEqual([]);
    if (!read) throw new Error('options expected');
    expect(productOptionsFrom(read, [{ id: 7, shopifyVariantId: '11' }], new Set(['11']))).toEqual({
      wanted: { options: [], combinations: [] },
      withoutCombination: [],
    });
  });

  it('says nothing of options (null) for a body without them, as reconcile builds from the Admin API', () => {
    const body = { ...payload(1, [11], [['Small', 'Black']], '2026-11-20T10:00:00Z'), options: undefined };
    expect(readShopifyOptions(body)).toBeNull();
  });

  it('leaves out a variant Shopify lists nowhere, and gives up (null) on one it cannot place', () => {
    const read = readShopifyOptions(payload(1, [11], [['Small', 'Black']], '2026-11-20T10:00:00Z'));
    if (!read) throw new Error('options expected');
    const listed = new Set(['11', '13']); // 13: named in variant_gids only (past the first 100)
    const mapped = (ours: { id: number; shopifyVariantId: string | null }[]) => productOptionsFrom(read, ours, listed);
    expect(mapped([{ id: 7, shopifyVariantId: '11' }])).toEqual({
      wanted: { options: read.options, combinations: [{ variantId: 7, values: ['Small', 'Black'] }] },
      withoutCombination: [],
    });
    // 12 was deleted in Shopify (ours keeps it, sold out): it keeps no combination.
    expect(
      mapped([
        { id: 7, shopifyVariantId: '11' },
        { id: 8, shopifyVariantId: '12' },
      ]),
    ).toEqual({
      wanted: { options: read.options, combinations: [{ variantId: 7, values: ['Small', 'Black'] }] },
      withoutCombination: [8],
    });
    expect(
      mapped([
        { id: 7, shopifyVariantId: '11' },
        { id: 9, shopifyVariantId: '13' },
      ]),
    ).toBeNull();
    expect(
      mapped([
        { id: 7, shopifyVariantId: '11' },
        { id: 10, shopifyVariantId: null },
      ]),
    ).toBeNull();
  });
});

describe('a products/update delivery', () => {
  async function liveProduct(productId: number, variantIds: number[]) {
    return getDb().product.create({
      data: {
        slug: `${PREFIX}-live-${productId}`,
        title: 'Tee',
        status: 'ACTIVE',
        shopifyProductId: String(productId),
        variants: {
          create: variantIds.map((id, i) => ({
            sku: `${PREFIX}-${productId}-${i}`,
            title: `Variant ${i}`,
            price: 2000,
            currency: 'USD',
            stock: 5,
            position: i,
            shopifyVariantId: String(id),
          })),
        },
      },
    });
  }

  const sync = async (body: ReturnType<typeof payload>) =>
    commitCatalogChange(author, (scope) => syncShopifyProduct(scope, body, 'USD'));

  it('gives the product Shopify’s options and each variant its combination, purging its page', async () => {
    const productId = BASE_ID + 1;
    const variantIds = [BASE_ID + 2, BASE_ID + 3, BASE_ID + 4];
    const product = await liveProduct(productId, variantIds);
    const values: Values[] = [
      ['Small', 'Black'],
      ['Medium', 'Black'],
      ['Small', 'White'],
    ];
    const { value, paths } = await sync(payload(productId, variantIds, values, '2026-11-20T10:00:00Z'));
    expect(value.outcome).toBe('APPLIED');
    expect(value.detail).toContain('options updated');
    expect(paths).toContain(`/products/${product.slug}`);
    const page = await getProductPage(product.slug);
    expect(page?.options).toEqual([
      { name: 'Size', values: ['Small', 'Medium'] },
      { name: 'Color', values: ['Black', 'White'] },
    ]);
    expect(page?.variants.map((v) => v.optionValues)).toEqual(values);
  });

  it('applies the prices but keeps the options when two variants claim one combination, saying so', async () => {
    const productId = BASE_ID + 5;
    const variantIds = [BASE_ID + 6, BASE_ID + 7];
    const product = await liveProduct(productId, variantIds);
    const { value } = await sync(
      payload(
        productId,
        variantIds,
        [
          ['Small', 'Black'],
          ['Small', 'Black'],
        ],
        '2026-11-20T10:00:00Z',
      ),
    );
    expect(value.outcome).toBe('APPLIED');
    expect(value.detail).toContain('are both Small / Black');
    const page = await getProductPage(product.slug);
    expect(page?.options).toEqual([]);
    expect(page?.variants.map((v) => v.title)).toEqual(['Small / Black', 'Small / Black']);
  });

  it('after a size is deleted in Shopify: the renamed and new values arrive, the deleted variant keeps none', async () => {
    const productId = BASE_ID + 8;
    const variantIds = [BASE_ID + 9, BASE_ID + 10, BASE_ID + 11];
    const product = await liveProduct(productId, variantIds);
    const first: Values[] = [
      ['Small', 'Black'],
      ['Medium', 'Black'],
      ['Large', 'Black'],
    ];
    expect((await sync(payload(productId, variantIds, first, '2026-11-20T10:00:00Z'))).value.detail).toContain(
      'options updated',
    );
    // Large deleted in Shopify, Medium renamed M and Black now Jet: neither variants nor variant_gids name Large.
    const { value } = await sync(
      payload(
        productId,
        variantIds.slice(0, 2),
        [
          ['Small', 'Jet'],
          ['M', 'Jet'],
        ],
        '2026-11-21T10:00:00Z',
      ),
    );
    expect(value.outcome).toBe('APPLIED');
    expect(value.detail).toContain('options updated');
    const page = await getProductPage(product.slug);
    expect(page?.options).toEqual([
      { name: 'Size', values: ['Small', 'M'] },
      { name: 'Color', values: ['Jet'] },
    ]);
    expect(page?.variants.map((v) => [v.sku, v.stockState.kind, v.optionValues])).toEqual([
      [`${PREFIX}-${productId}-0`, 'low', ['Small', 'Jet']],
      [`${PREFIX}-${productId}-1`, 'low', ['M', 'Jet']],
      [`${PREFIX}-${productId}-2`, 'sold-out', []],
    ]);
  });
});
