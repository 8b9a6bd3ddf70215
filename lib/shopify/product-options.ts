/**
 * Shopify's options onto ours. A products/* payload lists the product's `options` (name,
 * 1-based position, values in order) and each variant's value of the option at position n in
 * `option<n>`. A product without options has Shopify's placeholder, the option "Title" with the
 * one value "Default Title": ours has none.
 */
import type { OptionDefinition, ProductOptions } from '../catalog/variant-options';
import type { ShopifyProductPayload, ShopifyVariantPayload } from './product-payload';
import { shopifyIdOf } from './ids';

const PLACEHOLDER_OPTION = { name: 'Title', value: 'Default Title' } as const;

export interface ShopifyOptions {
  options: OptionDefinition[];
  /** Each Shopify variant's values (by Shopify variant id), in the options' order. */
  valuesByShopifyVariantId: Map<string, string[]>;
}

/** Null when the body has no `options` (one built from the Admin API): it says nothing of them. */
export function readShopifyOptions(
  payload: Pick<ShopifyProductPayload, 'options' | 'variants'>,
): ShopifyOptions | null {
  if (!payload.options) return null;
  const options = [...payload.options].sort((a, b) => a.position - b.position);
  const placeholder =
    options.length === 1 &&
    options[0]?.name === PLACEHOLDER_OPTION.name &&
    options[0].values.length === 1 &&
    options[0].values[0] === PLACEHOLDER_OPTION.value;
  const ours = placeholder ? [] : options;
  return {
    options: ours.map((option) => ({ name: option.name.trim(), values: option.values.map((v) => v.trim()) })),
    valuesByShopifyVariantId: new Map(
      payload.variants.map((variant) => [
        shopifyIdOf(variant.admin_graphql_api_id),
        ours.map((option) => valueAt(variant, option.position)?.trim() ?? ''),
      ]),
    ),
  };
}

function valueAt(variant: ShopifyVariantPayload, position: number): string | null {
  if (position === 1) return variant.option1;
  if (position === 2) return variant.option2;
  return variant.option3;
}

/**
 * What our product's options become: Shopify's, with each of our variants' values found by its
 * Shopify variant id. Null when one of ours is not in the payload (a variant Shopify no longer
 * lists, or one past the first 100): we cannot say which combination it is, so the options stay
 * as they are.
 */
export function productOptionsFrom(
  shopify: ShopifyOptions,
  ours: readonly { id: number; shopifyVariantId: string | null }[],
): ProductOptions | null {
  if (shopify.options.length === 0) return { options: [], combinations: [] };
  const combinations = [];
  for (const variant of ours) {
    const values = variant.shopifyVariantId
      ? shopify.valuesByShopifyVariantId.get(variant.shopifyVariantId)
      : undefined;
    if (!values) return null;
    combinations.push({ variantId: variant.id, values });
  }
  return { options: shopify.options, combinations };
}
