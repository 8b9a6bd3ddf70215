/**
 * Which sample products are "kept in" Stripe or Shopify, so the webhook flow can be tried
 * locally (`npm run webhook:send`) and tested: every third product is linked to a Stripe
 * product and its variants to Stripe prices, the next one to a Shopify product and variants,
 * the third is ours alone. A real shop links its catalog through webhooks or `npm run reconcile`.
 * Ids are deterministic and shaped like the providers' own.
 */
export interface SampleProductLinks {
  stripeProductId: string | null;
  shopifyProductId: string | null;
}

export interface SampleVariantLinks {
  stripePriceId: string | null;
  shopifyVariantId: string | null;
}

const SHOPIFY_FIRST_PRODUCT_ID = 8_072_390_000_000;
const SHOPIFY_FIRST_VARIANT_ID = 44_178_250_000_000;

export type SampleSource = 'stripe' | 'shopify' | null;

export function sampleSource(productIndex: number): SampleSource {
  return productIndex % 3 === 0 ? 'stripe' : productIndex % 3 === 1 ? 'shopify' : null;
}

export function sampleProductLinks(productIndex: number): SampleProductLinks {
  const source = sampleSource(productIndex);
  return {
    stripeProductId: source === 'stripe' ? `prod_Sample${String(productIndex).padStart(8, '0')}` : null,
    shopifyProductId: source === 'shopify' ? String(SHOPIFY_FIRST_PRODUCT_ID + productIndex) : null,
  };
}

export function sampleVariantLinks(productIndex: number, variantIndex: number): SampleVariantLinks {
  const source = sampleSource(productIndex);
  const key = productIndex * 10 + variantIndex;
  return {
    stripePriceId: source === 'stripe' ? `price_1Sample${String(key).padStart(17, '0')}` : null,
    shopifyVariantId: source === 'shopify' ? String(SHOPIFY_FIRST_VARIANT_ID + key) : null,
  };
}
