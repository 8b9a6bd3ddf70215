/**
 * What the shop reads from Shopify's Admin GraphQL API: the shop's currency, and every product
 * with all its variants, reshaped into the products/update webhook payload so reconcile and
 * webhooks go through one parser and one sync. The only file that knows these GraphQL shapes.
 */
import { z } from 'zod';
import {
  createShopifyAdminClient,
  requestShopifyAdmin,
  ShopifyAdminApiError,
  type ShopifyAdminClient,
} from './admin-client';
import { shopifyProductPayloadSchema, type ShopifyProductPayload } from './product-payload';

// A query may cost at most 1,000 points, counted before it runs: a connection costs 2 plus
// `first` times its node (objects 1, scalars 0). Products page: 2 + 50 × (1 + 2 + 15) = 902.
// Most products have at most 15 variants; the others' rest is read 250 at a time (cost 253).
export const PRODUCTS_PER_PAGE = 50;
export const VARIANTS_WITH_PRODUCT = 15;
export const VARIANTS_PER_PAGE = 250;

const VARIANT_FIELDS = 'id legacyResourceId sku title price compareAtPrice inventoryQuantity position';
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

const SHOP_CURRENCY_QUERY = `#graphql
  query ShopCurrency { shop { currencyCode } }`;

const PRODUCTS_QUERY = `#graphql
  query ReconcileProducts($after: String) {
    products(first: ${PRODUCTS_PER_PAGE}, after: $after) {
      nodes {
        id legacyResourceId handle title descriptionHtml status updatedAt
        variants(first: ${VARIANTS_WITH_PRODUCT}) { nodes { ${VARIANT_FIELDS} } ${PAGE_INFO} }
      }
      ${PAGE_INFO}
    }
  }`;

const PRODUCT_VARIANTS_QUERY = `#graphql
  query ReconcileProductVariants($id: ID!, $after: String) {
    product(id: $id) {
      variants(first: ${VARIANTS_PER_PAGE}, after: $after) { nodes { ${VARIANT_FIELDS} } ${PAGE_INFO} }
    }
  }`;

const pageInfoSchema = z
  .object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() })
  .refine((page) => !page.hasNextPage || page.endCursor, 'hasNextPage without an endCursor');

const variantNodeSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  sku: z.string().nullable(),
  title: z.string(),
  price: z.string(),
  compareAtPrice: z.string().nullable(),
  inventoryQuantity: z.int().nullable(),
  position: z.int(),
});
type VariantNode = z.infer<typeof variantNodeSchema>;

const variantConnectionSchema = z.object({ nodes: z.array(variantNodeSchema), pageInfo: pageInfoSchema });

const productNodeSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  handle: z.string(),
  title: z.string(),
  descriptionHtml: z.string(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'DRAFT', 'UNLISTED']),
  updatedAt: z.string(),
  variants: variantConnectionSchema,
});
type ProductNode = z.infer<typeof productNodeSchema>;

const productsPageSchema = z.object({
  products: z.object({ nodes: z.array(productNodeSchema), pageInfo: pageInfoSchema }),
});
type ProductsPage = z.infer<typeof productsPageSchema>;
const productVariantsPageSchema = z.object({ product: z.object({ variants: variantConnectionSchema }).nullable() });
const shopCurrencySchema = z.object({ shop: z.object({ currencyCode: z.string() }) });

/** The shop's currency (ISO code): the one every Money value in its answers is in. */
export async function getShopifyShopCurrency(client: ShopifyAdminClient = createShopifyAdminClient()): Promise<string> {
  const { shop } = await requestShopifyAdmin(client, SHOP_CURRENCY_QUERY, {}, shopCurrencySchema);
  return shop.currencyCode;
}

/** Every product in the shop, each with all of its variants, as a products/update payload. */
export async function* listShopifyProducts(
  client: ShopifyAdminClient = createShopifyAdminClient(),
): AsyncGenerator<ShopifyProductPayload> {
  let after: string | null = null;
  do {
    const { products }: ProductsPage = await requestShopifyAdmin(client, PRODUCTS_QUERY, { after }, productsPageSchema);
    for (const node of products.nodes) {
      const variants = await listAllVariants(client, node);
      if (variants) yield reshapeProduct(node, variants);
    }
    after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
  } while (after);
}

/** The product's variants past the first page too; null when the product was deleted meanwhile. */
async function listAllVariants(client: ShopifyAdminClient, node: ProductNode): Promise<VariantNode[] | null> {
  const variants = [...node.variants.nodes];
  let page = node.variants.pageInfo;
  while (page.hasNextPage) {
    const variables = { id: node.id, after: page.endCursor };
    const { product } = await requestShopifyAdmin(client, PRODUCT_VARIANTS_QUERY, variables, productVariantsPageSchema);
    // Gone from Shopify since its page was read: leave it out, as a listing made now would.
    if (!product) return null;
    variants.push(...product.variants.nodes);
    page = product.variants.pageInfo;
  }
  return variants;
}

function reshapeProduct(node: ProductNode, variants: readonly VariantNode[]): ShopifyProductPayload {
  const parsed = shopifyProductPayloadSchema.safeParse({
    id: node.legacyResourceId,
    admin_graphql_api_id: node.id,
    title: node.title,
    body_html: node.descriptionHtml,
    handle: node.handle,
    status: node.status.toLowerCase(),
    updated_at: node.updatedAt,
    variants: variants.map(reshapeVariant),
    // All of them are in `variants` too: nothing is left for the sync to guess about.
    variant_gids: variants.map((variant) => ({ admin_graphql_api_id: variant.id })),
  });
  if (parsed.success) return parsed.data;
  throw new ShopifyAdminApiError(`Shopify product ${node.id} cannot be read:\n${z.prettifyError(parsed.error)}`);
}

function reshapeVariant(variant: VariantNode) {
  return {
    id: variant.legacyResourceId,
    admin_graphql_api_id: variant.id,
    sku: variant.sku,
    title: variant.title,
    price: variant.price,
    compare_at_price: variant.compareAtPrice,
    // null when Shopify has no count for it: nothing counted is nothing we can promise.
    inventory_quantity: variant.inventoryQuantity ?? 0,
    position: variant.position,
  };
}
