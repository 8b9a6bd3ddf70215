/**
 * Stripe has no options; our convention is metadata on each variant's price:
 * `option.<Name>` = `<value>` (`option.Size` = `M`, `option.Colour` = `Navy`). Pure.
 *
 * Order, which metadata does not have: options and values the product already has keep their
 * places; new options follow in alphabetical order, new values in the order of the variants
 * (by position) that first name them.
 */
import type { OptionDefinition, ProductOptions } from '../catalog/variant-options';

export interface VariantPriceOptions {
  id: number;
  /** From the variant's linked price; empty when it has none or its price names no option. */
  options: Record<string, string>;
}

/**
 * The product's options as its variants' prices name them, or null when none of them names any
 * (the product's options are then left as they are). The writer refuses the result when a
 * variant lacks a value or two share a combination.
 */
export function productOptionsFromPrices(
  current: ProductOptions,
  variants: readonly VariantPriceOptions[],
): ProductOptions | null {
  const named = variants.flatMap((v) => Object.keys(v.options));
  if (named.length === 0) return null;
  const names = [
    ...current.options.map((o) => o.name).filter((name) => named.includes(name)),
    ...[...new Set(named)].filter((name) => !current.options.some((o) => o.name === name)).sort(),
  ];
  const options: OptionDefinition[] = names.map((name) => {
    const known = current.options.find((o) => o.name === name)?.values ?? [];
    const used = variants.flatMap((v) => (v.options[name] === undefined ? [] : [v.options[name]]));
    return {
      name,
      values: [...known.filter((value) => used.includes(value)), ...new Set(used.filter((v) => !known.includes(v)))],
    };
  });
  return {
    options,
    combinations: variants.map((v) => ({ variantId: v.id, values: names.map((name) => v.options[name] ?? '') })),
  };
}
