import { toDecimalString } from '../../lib/money/money';
import type { LinkedProductRow, LinkedVariantRow } from '../linked-product';
import { productGid, productUpdatePayload, variantGid } from './fixtures/products-webhook';
import type { ShopifyProductWebhookPayload } from './fixtures/products-webhook';

/** A Shopify-linked product: its links set, Stripe's ignored. */
export interface ShopifyLinkedProduct extends Pick<LinkedProductRow, 'slug' | 'title' | 'description'> {
  shopifyProductId: string;
  variants: (Omit<LinkedVariantRow, 'stripePriceId' | 'shopifyVariantId'> & { shopifyVariantId: string })[];
}

/**
 * A complete products/update body for one of our Shopify-linked products, as Shopify would send
 * it after a merchant edit: `prices` (minor units by sku) replaces those variants' prices, and
 * `updatedAt` is the edit's time (default now).
 */
export function shopifyUpdateFor(
  product: ShopifyLinkedProduct,
  prices: Record<string, number>,
  updatedAt: Date = new Date(),
): ShopifyProductWebhookPayload {
  const id = BigInt(product.shopifyProductId);
  return productUpdatePayload({
    id,
    admin_graphql_api_id: productGid(id),
    title: product.title,
    handle: product.slug,
    body_html: product.description ? `<p>${escapeHtml(product.description)}</p>` : null,
    updated_at: updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    status: 'active',
    variants: product.variants.map((variant, position) => {
      const variantId = BigInt(variant.shopifyVariantId);
      const price = prices[variant.sku] ?? variant.price;
      return {
        id: variantId,
        admin_graphql_api_id: variantGid(variantId),
        product_id: id,
        sku: variant.sku,
        title: variant.title,
        price: toDecimalString({ amount: price, currency: variant.currency }),
        compare_at_price:
          variant.compareAtPrice !== null && variant.compareAtPrice > price
            ? toDecimalString({ amount: variant.compareAtPrice, currency: variant.currency })
            : null,
        inventory_quantity: variant.stock,
        position: position + 1,
      };
    }),
  });
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
