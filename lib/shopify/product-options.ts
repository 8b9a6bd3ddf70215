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

/** What our product's options become, and which of our variants keep no combination. */
export interface OptionsFromShopify {
  wanted: ProductOptions;
  /** Ours that Shopify no longer lists (sold out by the variant changes): in no combination, so off the picker. */
  withoutCombination: number[];
}

/**
 * What our product's options become: Shopify's, with each of our variants' values found by its
 * Shopify variant id. A variant of ours that Shopify lists nowhere (neither in full nor in
 * `variant_gids`: `listedIds`) was deleted there; it keeps no combination, so renamed options and
 * new values still arrive. Null when one of ours cannot be placed: one named only in
 * `variant_gids` (past the first 100, its values unknown) or one not linked to Shopify; the
 * options then stay as they are.
 */
export function productOptionsFrom(
  shopify: ShopifyOptions,
  ours: readonly { id: number; shopifyVariantId: string | null }[],
  listedIds: ReadonlySet<string>,
): OptionsFromShopify | null {
  if (shopify.options.length === 0) return { wanted: { options: [], combinations: [] }, withoutCombination: [] };
  const combinations = [];
  const withoutCombination = [];
  for (const variant of ours) {
    if (variant.shopifyVariantId === null) return null;
    const values = shopify.valuesByShopifyVariantId.get(variant.shopifyVariantId);
    if (values) combinations.push({ variantId: variant.id, values });
    else if (!listedIds.has(variant.shopifyVariantId)) withoutCombination.push(variant.id);
    else return null;
  }
  return { wanted: { options: shopify.options, combinations }, withoutCombination };
}
