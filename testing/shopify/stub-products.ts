/** Products for the Admin API stub, in the Admin GraphQL API's shape, with the defaults a real shop has. */

/** A ProductVariant node as the Admin GraphQL API has it. */
export interface StubVariant {
  id: string;
  legacyResourceId: string;
  sku: string | null;
  title: string;
  price: string;
  compareAtPrice: string | null;
  inventoryQuantity: number | null;
  position: number;
}

/** A Product node, with all its variants (the stub pages them). */
export interface StubProduct {
  id: string;
  legacyResourceId: string;
  handle: string;
  title: string;
  descriptionHtml: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT' | 'UNLISTED';
  updatedAt: string;
  variants: StubVariant[];
}

/** Ids as Shopify issues them: digits, some past 2^53 (take a bigint for those). */
type ShopifyId = number | bigint;

export interface StubVariantSpec {
  id: ShopifyId;
  price: string;
  sku?: string | null;
  title?: string;
  compareAtPrice?: string | null;
  inventoryQuantity?: number | null;
}

export interface StubProductSpec {
  id: ShopifyId;
  handle: string;
  title: string;
  updatedAt: string;
  status?: StubProduct['status'];
  descriptionHtml?: string;
  variants: readonly StubVariantSpec[];
}

export function stubProduct(spec: StubProductSpec): StubProduct {
  return {
    id: `gid://shopify/Product/${spec.id}`,
    legacyResourceId: String(spec.id),
    handle: spec.handle,
    title: spec.title,
    descriptionHtml: spec.descriptionHtml ?? '',
    status: spec.status ?? 'ACTIVE',
    updatedAt: spec.updatedAt,
    variants: spec.variants.map(stubVariant),
  };
}

function stubVariant(spec: StubVariantSpec, index: number): StubVariant {
  return {
    id: `gid://shopify/ProductVariant/${spec.id}`,
    legacyResourceId: String(spec.id),
    sku: spec.sku ?? null,
    title: spec.title ?? 'Default Title',
    price: spec.price,
    compareAtPrice: spec.compareAtPrice ?? null,
    inventoryQuantity: spec.inventoryQuantity === undefined ? 5 : spec.inventoryQuantity,
    position: index + 1,
  };
}
