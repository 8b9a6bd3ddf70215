import { toDecimalString } from '../../lib/money/money';
import type { LinkedProductRow, LinkedVariantRow } from '../linked-product';
import { productGid, productUpdatePayload, variantGid } from './fixtures/products-webhook';
import type { ShopifyProductWebhookPayload } from './fixtures/products-webhook';

/** A Shopify-linked product: its links set, Stripe's ignored. */
export interface ShopifyLinkedProduct extends Pick<LinkedProductRow, 'slug' | 'title' | 'description' | 'options'> {
  shopifyProductId: string;
  variants: (Omit<LinkedVariantRow, 'stripePriceId' | 'shopifyVariantId'> & { shopifyVariantId: string })[];
}

/**
 * A complete products/update body for one of our Shopify-linked products, as Shopify would send
 * it after a merchant edit: `prices` (minor units by sku) replaces those variants' prices, and
 * `updatedAt` is the edit's time (default now). Its options are ours (option1..3 and `options`);
 * a product without options has Shopify's placeholder, the option "Title" with "Default Title".
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
    options:
      product.options.length > 0
        ? product.options.map((option, i) => ({
            name: option.name,
            id: Number(id % 1_000_000n) * 10 + i + 1,
            product_id: id,
            position: i + 1,
            values: option.values,
          }))
        : [
            {
              name: 'Title',
              id: Number(id % 1_000_000n) * 10 + 1,
              product_id: id,
              position: 1,
              values: ['Default Title'],
            },
          ],
    variants: product.variants.map((variant, position) => {
      const variantId = BigInt(variant.shopifyVariantId);
      const price = prices[variant.sku] ?? variant.price;
      return {
        id: variantId,
        admin_graphql_api_id: variantGid(variantId),
        product_id: id,
        sku: variant.sku,
        title: variant.title,
        option1: product.options.length > 0 ? (variant.optionValues[0] ?? null) : 'Default Title',
        option2: variant.optionValues[1] ?? null,
        option3: variant.optionValues[2] ?? null,
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
