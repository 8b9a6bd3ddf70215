import { parseGid } from '@shopify/hydrogen-react';
import { describe, expect, it } from 'vitest';
import { parseShopifyPrice } from './decimal-price';
import {
  productCreatePayload,
  productDeletePayload,
  productUpdatePayload,
  productVariantPayload,
} from '../../testing/shopify/fixtures/products-webhook';
import { parseExactJson } from '../http/exact-json';
import { shopifyRawBody } from '../../testing/shopify/fixtures/raw-body';
import { shopifyProductDeletePayloadSchema, shopifyProductPayloadSchema } from './product-payload';

/** What the webhook handler will do: parse the raw bytes, then validate. */
const fromWire = (payload: unknown): unknown => parseExactJson(shopifyRawBody(payload).toString('utf8'));

describe('shopifyProductPayloadSchema', () => {
  it.each([
    ['products/create', productCreatePayload()],
    ['products/update', productUpdatePayload()],
  ])('accepts the %s fixture, as sent on the wire', (_topic, payload) => {
    const result = shopifyProductPayloadSchema.safeParse(fromWire(payload));
    expect(result.error).toBeUndefined();
  });

  it('keeps the fields the storefront uses and strips the rest', () => {
    const parsed = shopifyProductPayloadSchema.parse(fromWire(productUpdatePayload()));
    expect(Object.keys(parsed).sort()).toEqual(
      [
        'admin_graphql_api_id',
        'body_html',
        'handle',
        'id',
        'options',
        'status',
        'title',
        'updated_at',
        'variant_gids',
        'variants',
      ].sort(),
    );
    expect(Object.keys(parsed.variants[0] ?? {}).sort()).toEqual(
      [
        'admin_graphql_api_id',
        'compare_at_price',
        'id',
        'inventory_quantity',
        'option1',
        'option2',
        'option3',
        'position',
        'price',
        'sku',
        'title',
      ].sort(),
    );
    expect(parsed).toMatchObject({
      title: 'Example T-Shirt',
      handle: 'example-t-shirt',
      status: 'active',
      body_html: '<p>A soft cotton T-shirt. Machine wash cold &amp; tumble dry low.</p>',
    });
    expect(parsed.variants.map((variant) => [variant.title, variant.price, variant.compare_at_price])).toEqual([
      ['Small', '19.99', '24.99'],
      ['Medium', '19.99', null],
    ]);
  });

  it.each(['active', 'draft', 'archived', 'unlisted'] as const)('accepts status %s', (status) => {
    expect(shopifyProductPayloadSchema.safeParse(fromWire(productUpdatePayload({ status }))).success).toBe(true);
  });

  it('rejects an unknown status', () => {
    const payload = { ...productUpdatePayload(), status: 'ACTIVE' };
    expect(shopifyProductPayloadSchema.safeParse(payload).success).toBe(false);
  });

  it('accepts what Shopify sends for empty optional values', () => {
    const payload = productUpdatePayload({
      body_html: null,
      variants: [{ sku: null, compare_at_price: null, inventory_quantity: -3, inventory_policy: 'continue' }],
    });
    expect(shopifyProductPayloadSchema.safeParse(fromWire(payload)).success).toBe(true);
  });

  it('rejects a price that is a number instead of a decimal string', () => {
    const payload = productUpdatePayload();
    const wire = fromWire(payload) as { variants: Record<string, unknown>[] };
    wire.variants[0]!.price = 19.99;
    expect(shopifyProductPayloadSchema.safeParse(wire).success).toBe(false);
  });

  it('rejects a gid that names another product, or another kind of resource', () => {
    const otherProduct = { ...productUpdatePayload(), admin_graphql_api_id: 'gid://shopify/Product/1' };
    expect(shopifyProductPayloadSchema.safeParse(otherProduct).success).toBe(false);

    const payload = productUpdatePayload();
    const variantAsProduct = {
      ...payload,
      variants: [{ ...payload.variants[0], admin_graphql_api_id: `gid://shopify/Product/${payload.variants[0]!.id}` }],
    };
    expect(shopifyProductPayloadSchema.safeParse(variantAsProduct).success).toBe(false);
  });

  it("rejects ids JSON.parse has rounded, like those in Shopify's documentation samples", () => {
    // Shopify's sample products/update body: id 788032119674292922 is past 2^53.
    const wire = '{"admin_graphql_api_id":"gid://shopify/Product/788032119674292922","id":788032119674292922}';
    const parsed = JSON.parse(wire) as { id: number; admin_graphql_api_id: string };
    expect(parsed.id).toBe(788032119674292900);
    expect(parseGid(parsed.admin_graphql_api_id).id).toBe('788032119674292922');

    const payload = { ...productUpdatePayload({ variants: [] }), ...parsed };
    const result = shopifyProductPayloadSchema.safeParse(payload);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('\n')).toMatch(/does not match id/);
  });

  it('prices in the fixtures parse to exact minor units', () => {
    const parsed = shopifyProductPayloadSchema.parse(fromWire(productUpdatePayload()));
    expect(parsed.variants.map((variant) => parseShopifyPrice(variant.price, 'USD'))).toEqual([1999, 1999]);
  });
});

describe('shopifyProductDeletePayloadSchema', () => {
  it('accepts the products/delete fixture', () => {
    expect(shopifyProductDeletePayloadSchema.parse(fromWire(productDeletePayload({ id: 123 })))).toEqual({ id: '123' });
  });

  it('rejects a delete body without an id', () => {
    expect(shopifyProductDeletePayloadSchema.safeParse({}).success).toBe(false);
  });

  it('rejects a full product body, so a products/update resent as products/delete cannot archive', () => {
    expect(shopifyProductDeletePayloadSchema.safeParse(fromWire(productUpdatePayload())).success).toBe(false);
  });
});

describe('parseGid (@shopify/hydrogen-react) on webhook gids', () => {
  it('extracts the numeric product and variant ids, as strings', () => {
    const product = shopifyProductPayloadSchema.parse(fromWire(productUpdatePayload()));

    const productGid = parseGid(product.admin_graphql_api_id);
    expect(productGid.resource).toBe('Product');
    expect(productGid.id).toBe(product.id);

    for (const variant of product.variants) {
      const variantGid = parseGid(variant.admin_graphql_api_id);
      expect(variantGid.resource).toBe('ProductVariant');
      expect(variantGid.id).toBe(variant.id);
    }
  });

  it('works on the variant_gids list, which is not in variant order', () => {
    const payload = productUpdatePayload({
      variants: [{ updated_at: '2026-11-20T14:05:12-05:00' }, { updated_at: '2026-11-21T08:00:00-05:00' }],
    });
    const ids = payload.variant_gids.map((entry) => parseGid(entry.admin_graphql_api_id).id);
    expect(ids).toEqual([String(payload.variants[1]!.id), String(payload.variants[0]!.id)]);
  });

  it('returns an empty id for junk and does not check the resource, so callers must', () => {
    expect(parseGid(undefined).id).toBe('');
    expect(parseGid('not a gid').id).toBe('');
    expect(parseGid('gid://shopify/Product/abc')).toMatchObject({ id: 'abc', resource: 'Product' });
    expect(parseGid('https://example.com/Product/123')).toMatchObject({ id: '123', resource: 'Product' });
  });

  it('keeps a query string in the id', () => {
    expect(parseGid('gid://shopify/ProductVariant/42?shop=1').id).toBe('42?shop=1');
  });
});

describe('productVariantPayload', () => {
  it('can be used on its own and validates as part of a product', () => {
    const variant = productVariantPayload({ id: 7, price: '5.00' });
    expect(variant.admin_graphql_api_id).toBe('gid://shopify/ProductVariant/7');
    const payload = { ...productUpdatePayload(), variants: [variant] };
    expect(shopifyProductPayloadSchema.safeParse(fromWire(payload)).success).toBe(true);
  });
});
